package gateway

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/authtray/authtray/core/fsys"
)

// copyBudget bounds how long privateCopy keeps trying for a consistent copy
// of a database the gateway is writing, and copyPause the longest pause
// between two tries. A try fails only when a checkpoint or a restart of
// the -wal fell inside it (rare: a gateway committing every few
// milliseconds checkpoints every thousand pages), so this is seconds of
// patience for what almost always succeeds at the first or second try.
const (
	copyBudget = 3 * time.Second
	copyPause  = 25 * time.Millisecond
)

// errChanging is a database that changed under every copy for copyBudget.
var errChanging = errors.New("the gateway kept rewriting it while it was read; try again")

// privateCopy copies a database and its -wal (when present) into a private
// temporary directory and returns the copy's path. Not the -shm: it is only
// an index of the -wal, which SQLite rebuilds from the -wal itself.
//
// Why this is a consistent read: in WAL mode the gateway only appends to the
// -wal; the main file changes only when a checkpoint copies committed pages
// into it, and those pages stay in the -wal until the gateway restarts the
// -wal from its start (a new header, new salts). SQLite validates every
// -wal frame by its checksum and salt and ignores frames after the last
// valid commit, so a -wal copied mid-append reads as its last committed
// transaction, and a main file copied mid-checkpoint is overridden by the
// -wal frames it was being given. What would mix two states is a restart of
// the -wal (or a rewrite of the main file by a rollback-journal writer)
// while the copy is taken: the -wal header and the main file's identity,
// size and modification time are compared before and after, and the copy is
// taken again when they changed. A -wal that only grew does not count.
// immutable=1 on the original would avoid the copy only while no -wal
// exists, and a checkpoint during the read would still tear it, so it is
// not used.
func privateCopy(path string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "authtray-db-")
	if err != nil {
		return "", nil, err
	}
	done := func() { os.RemoveAll(dir) }
	dst := filepath.Join(dir, filepath.Base(path))
	deadline := time.Now().Add(copyBudget)
	for try := 0; ; try++ {
		ok, err := copyOnce(path, dst)
		if err != nil {
			done()
			return "", nil, errors.New(fsys.Reason(err))
		}
		if ok {
			return dst, done, nil
		}
		if !time.Now().Before(deadline) {
			done()
			return "", nil, errChanging
		}
		time.Sleep(copyWait(try))
	}
}

// copyWait is the pause before try+1: from about a millisecond, doubling
// up to copyPause, with jitter so that retries do not fall into step with a
// writer's own period.
func copyWait(try int) time.Duration {
	d := min(time.Millisecond<<min(try, 8), copyPause)
	return d/2 + rand.N(d/2+1)
}

// copyOnce takes one copy and reports whether it is consistent.
func copyOnce(path, dst string) (bool, error) {
	before, err := stampOf(path)
	if err != nil || before.journal {
		// A live rollback journal: a writer is changing pages in place.
		return false, err
	}
	if err := copyFile(path, dst); err != nil {
		return false, err
	}
	os.Remove(dst + "-wal")
	if err := copyFile(path+"-wal", dst+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	copied, err := walHeader(dst + "-wal")
	if err != nil {
		return false, err
	}
	after, err := stampOf(path)
	if err != nil {
		return false, err
	}
	return before == after && copied == before.wal, nil
}

// dbStamp is what must not change while a copy is taken.
type dbStamp struct {
	main    string // the main file's device, inode, size and modification time
	wal     string // the -wal's header ("" when there is no -wal or it is empty)
	journal bool   // a rollback journal holds a transaction
}

func stampOf(path string) (dbStamp, error) {
	var s dbStamp
	fi, err := os.Stat(path)
	if err != nil {
		return s, err
	}
	s.main = fmt.Sprint(fi.Size(), " ", fi.ModTime().UnixNano())
	if id := fsys.Identity(fi); id != "" {
		s.main += " " + id
	}
	if s.wal, err = walHeader(path + "-wal"); err != nil {
		return s, err
	}
	j, err := head(path+"-journal", len(journalMagic))
	s.journal = bytes.Equal(j, journalMagic)
	return s, err
}

// journalMagic starts a rollback journal that holds a transaction (a
// committed or idle one is deleted, truncated or has its header zeroed).
var journalMagic = []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}

// walHeaderSize is the -wal header: magic, version, page size, checkpoint
// sequence, salts and checksum. A restart of the log rewrites it.
const walHeaderSize = 32

func walHeader(path string) (string, error) {
	b, err := head(path, walHeaderSize)
	return string(b), err
}

// head reads the first n bytes of path (fewer when it is shorter); an
// absent file is empty.
func head(path string, n int) ([]byte, error) {
	f, err := fsys.OS{}.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, n)
	k, err := io.ReadFull(f, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return b[:k], err
}

// copyFile copies src, opened without blocking and checked to be a
// regular file (fsys.OS.Open), to a new private file dst.
func copyFile(src, dst string) error {
	in, err := fsys.OS{}.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

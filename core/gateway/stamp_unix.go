//go:build linux || darwin

package gateway

import (
	"encoding/hex"
	"errors"
	"strconv"
	"syscall"

	"github.com/authtray/authtray/core/fsys"
)

// fileStamp stamps one of a database's files (see strongStamp): "-" when
// it does not exist; for the -shm (head < 0) its device, inode, mode and
// owner, then its first -head bytes, or with at.identity only the first
// four ("i…"); for a
// regular file of a local filesystem that has settled (settled, at
// at.now), its identity, size, times, mode and owner from one lstat; else
// those from an open file and its first head bytes (readStamp); its change
// time only if at.ctime. The forms start differently ("s", a digit), so a
// settled stamp never equals one taken while the file was still changing:
// that costs one more read, never a stale row. A link is followed by
// readStamp's open, as before, unless at.noLink (the database itself:
// errLinked).
//
// An lstat that finds nothing has found no link either, so "-" keeps
// fsys.OS.Open's rule that a link to nothing is not "no file".
func fileStamp(path string, head int, at *stampAt) (string, error) {
	b, err := appendFileStamp(nil, path, head, at)
	return string(b), err
}

// appendFileStamp appends fileStamp's stamp to b (on an error, b as it
// may have grown; it is then of no use).
func appendFileStamp(b []byte, path string, head int, at *stampAt) ([]byte, error) {
	if head < 0 && !at.identity {
		return appendReadStamp(b, path, head, false)
	}
	var st syscall.Stat_t
	err := lstat(path, &st)
	switch {
	case errors.Is(err, syscall.ENOENT):
		return append(b, '-'), nil
	case err != nil:
		return b, err
	case st.Mode&syscall.S_IFMT == syscall.S_IFLNK && at.noLink:
		return b, errLinked
	case st.Mode&syscall.S_IFMT == syscall.S_IFLNK:
		return appendReadStamp(b, path, head, at.ctime)
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG:
		return b, errors.New("not a regular file")
	case head < 0:
		// The -shm of a settled -wal (shmNeeded): what it is, not what it
		// holds; its size and times move with every reader's marks.
		return identityFields(append(b, 'i'), &st), nil
	case (head == 0 || settled(mtimeNs(&st), changed(&st, at.ctime), at.now)) && at.fs.isLocal(uint64(st.Dev), path):
		// head 0 (the -journal): its stat alone was ever its stamp.
		return statFields(append(b, 's'), &st, at.ctime), nil
	}
	return appendReadStamp(b, path, head, at.ctime)
}

// changed is the file's change time, or with ctime false its modification
// time (a file whose change time says nothing: strongStamp).
func changed(st *syscall.Stat_t, ctime bool) int64 {
	if ctime {
		return ctimeNs(st)
	}
	return mtimeNs(st)
}

// isLocal is localFS(path) for a file on device dev, asked once per
// device while k is kept (nil: every time).
func (k *fsKinds) isLocal(dev uint64, path string) bool {
	if k == nil {
		return localFS(path)
	}
	k.mu.Lock()
	local, ok := k.local[dev]
	k.mu.Unlock()
	if ok {
		return local
	}
	local = localFS(path)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.local == nil {
		k.local = map[uint64]bool{}
	}
	k.local[dev] = local
	return local
}

// readStamp opens path (without blocking; only a regular file) and gives
// its identity, size, times (the change time only if ctime), mode, owner
// and first head bytes, or with a negative head only its first -head
// bytes; "-" when it does not exist.
//
// It makes the system calls itself (open, fstat, pread, close): a live
// view stamps four files of every database on every read, and the os
// package's file (its poller registration, its finalizer) costs as much
// again as the calls.
func readStamp(path string, head int, ctime bool) (string, error) {
	b, err := appendReadStamp(nil, path, head, ctime)
	return string(b), err
}

// maxHead is the most header bytes a stamp reads (the database's 100).
const maxHead = 100

// appendReadStamp appends readStamp's stamp to b.
func appendReadStamp(b []byte, path string, head int, ctime bool) ([]byte, error) {
	fd, err := openNoBlock(path)
	if errors.Is(err, syscall.ENOENT) {
		// A link to nothing is not "no file" (fsys.OS.Open's rule).
		if berr := (fsys.OS{}).BrokenLink(path); berr != nil {
			return b, berr
		}
		return append(b, '-'), nil
	}
	if err != nil {
		return b, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstat(fd, &st); err != nil {
		return b, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return b, errors.New("not a regular file")
	}
	var arr [maxHead]byte
	buf := arr[:0]
	if n := max(head, -head); n <= maxHead {
		buf = arr[:n]
	} else {
		buf = make([]byte, n)
	}
	n, err := preadFull(fd, buf)
	if err != nil {
		return b, err
	}
	if head >= 0 {
		b = statFields(b, &st, ctime)
	} else {
		b = identityFields(b, &st) // the -shm: what it is, then its header
	}
	return hex.AppendEncode(b, buf[:n]), nil
}

// identityFields appends the file's device, inode, mode and owner to b.
func identityFields(b []byte, st *syscall.Stat_t) []byte {
	for _, v := range []uint64{uint64(st.Dev), st.Ino, uint64(st.Mode), uint64(st.Uid)} {
		b = append(strconv.AppendUint(b, v, 10), ' ')
	}
	return b
}

// statFields appends the file's device, inode, size, modification time
// (ns), mode and owner to b, and its change time (ns) if ctime.
func statFields(b []byte, st *syscall.Stat_t, ctime bool) []byte {
	for _, v := range []uint64{uint64(st.Dev), st.Ino, uint64(st.Size), uint64(mtimeNs(st)), uint64(st.Mode), uint64(st.Uid)} {
		b = append(strconv.AppendUint(b, v, 10), ' ')
	}
	if ctime {
		b = append(strconv.AppendUint(append(b, 'c'), uint64(ctimeNs(st)), 10), ' ')
	}
	return b
}

func lstat(path string, st *syscall.Stat_t) error {
	for {
		if err := syscall.Lstat(path, st); err != syscall.EINTR {
			return err
		}
	}
}

// localFS reports whether path is on a local filesystem (localFSType),
// whose stat is the file's own: a network filesystem's stat may answer
// from a cache another host's write has not reached, where the open of
// readStamp asks the server again (close-to-open).
func localFS(path string) bool {
	var fs syscall.Statfs_t
	for {
		err := syscall.Statfs(path, &fs)
		if err == nil {
			return localFSType(&fs)
		}
		if err != syscall.EINTR {
			return false
		}
	}
}

func openNoBlock(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}

// preadFull reads buf from the start of fd, or as much as the file holds.
func preadFull(fd int, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := syscall.Pread(fd, buf[n:], int64(n))
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return n, err
		case m == 0:
			return n, nil
		}
		n += m
	}
	return n, nil
}

package gateway

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/authtray/authtray/core/fsys"
)

// copyTries bounds the attempts at a copy the gateway did not write to
// while it was taken.
const copyTries = 3

// privateCopy copies a database and its -wal (when present) into a private
// temporary directory and returns the copy's path. Not the -shm: it is only
// an index of the -wal, which SQLite rebuilds from the -wal itself.
//
// Why this is a consistent read: in WAL mode the gateway only appends to the
// -wal; the main file changes only when a checkpoint copies committed pages
// into it. SQLite validates every -wal frame by its checksum and salt and
// ignores frames after the last valid commit, so a -wal copied mid-append
// reads as the last committed transaction. What could mix two states is a
// checkpoint (or a -wal reset) between copying the two files: the size and
// modification time of both are compared before and after, and the copy is
// taken again when either changed. immutable=1 on the original would avoid
// the copy only while no -wal exists, and a checkpoint during the read would
// still tear it, so it is not used.
func privateCopy(path string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "authtray-db-")
	if err != nil {
		return "", nil, err
	}
	done := func() { os.RemoveAll(dir) }
	dst := filepath.Join(dir, filepath.Base(path))
	for i := 0; i < copyTries; i++ {
		before := fileStamps(path)
		if err := copyFile(path, dst); err != nil {
			done()
			return "", nil, errors.New(fsys.Reason(err))
		}
		os.Remove(dst + "-wal")
		if err := copyFile(path+"-wal", dst+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			done()
			return "", nil, errors.New(fsys.Reason(err))
		}
		if fileStamps(path) == before {
			return dst, done, nil
		}
	}
	done()
	return "", nil, errLocked
}

// fileStamps is the size and modification time of a database and its -wal.
func fileStamps(path string) [2]string {
	var out [2]string
	for i, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			out[i] = fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return out
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
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

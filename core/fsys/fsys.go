// Package fsys is the file system as the sources see it: read-only, by
// absolute path, and small enough to fake in tests (running as root, a real
// file system cannot produce "permission denied").
package fsys

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFile is the largest credential or config file authtray reads. Real ones
// are a few kilobytes; anything bigger is not what it claims to be.
const MaxFile = 8 << 20

// ErrTooLarge is returned for files over MaxFile.
var ErrTooLarge = errors.New("file too large")

// FS reads files by absolute path.
type FS interface {
	ReadFile(name string) ([]byte, error)
	Stat(name string) (fs.FileInfo, error)
	ReadDir(name string) ([]fs.DirEntry, error)
}

// OS is the real file system.
type OS struct{}

// ReadFile reads at most MaxFile bytes; it refuses directories and
// non-regular files before opening them, so a FIFO cannot block it.
func (OS) ReadFile(name string) ([]byte, error) {
	f, size, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size > MaxFile {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFile {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	return b, nil
}

// Opener is an FS that streams a file, for the few files authtray walks
// rather than loads (a multi-megabyte ~/.claude.json for one label). The
// caller bounds what it reads.
type Opener interface {
	Open(name string) (io.ReadCloser, error)
}

// Open refuses directories and non-regular files, like ReadFile.
func (OS) Open(name string) (io.ReadCloser, error) {
	f, _, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// openRegular opens name only after a stat says it is a regular file (a
// FIFO would block the open), and returns its size.
func openRegular(name string) (*os.File, int64, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, 0, err
	}
	if fi.IsDir() {
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	return f, fi.Size(), nil
}

func (OS) Stat(name string) (fs.FileInfo, error)      { return os.Stat(name) }
func (OS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }

var (
	errIsDir      = errors.New("is a directory")
	errNotRegular = errors.New("not a regular file")
)

// Exists reports whether name exists (following links).
func Exists(f FS, name string) bool {
	_, err := f.Stat(name)
	return err == nil
}

// Reason turns a read error into the few words a row shows: "permission
// denied", "is a directory", "too many levels of symbolic links". It never
// includes file contents.
func Reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "not found"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, ErrTooLarge):
		return fmt.Sprintf("file larger than %d MB", MaxFile>>20)
	}
	return err.Error()
}

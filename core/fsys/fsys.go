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
	"path/filepath"
	"syscall"
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
// non-regular files, and a FIFO cannot block it (see openRegular).
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

// openFile is os.OpenFile; a test puts a file swap in front of it.
var openFile = os.OpenFile

// openRegular opens name and returns it with its size only when what was
// opened is a regular file. The open comes first and the check is made on
// the open file: a stat of the path before opening it would leave a window
// in which the file can be swapped for a FIFO, whose open waits for a
// writer forever. O_NONBLOCK makes that open return at once (for a regular
// file it changes nothing).
func openRegular(name string) (*os.File, int64, error) {
	f, err := openFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, 0, explainMissing(name, err)
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
	case fi.IsDir():
		err = &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	case !fi.Mode().IsRegular():
		err = &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	if err != nil {
		f.Close()
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

// Lookup tells whether name exists (following links). (There is no
// bool-only Exists: for a credential store "cannot look" must never read as
// "absent", and a bool cannot tell them apart.) It answers false
// with a nil error only when name is absent: it, or a directory on the way
// to it, does not exist. Every other failure is returned — permission
// denied on a directory, a link loop, a broken link — because the file may
// well be there: "cannot look" is never "absent".
func Lookup(f FS, name string) (bool, error) {
	_, err := f.Stat(name)
	switch {
	case err == nil:
		return true, nil
	case !Absent(err):
		return false, err
	}
	if l, ok := f.(BrokenLinker); ok {
		if berr := l.BrokenLink(name); berr != nil {
			return false, berr
		}
	}
	return false, nil
}

// Absent reports whether err says a file does not exist (ENOENT, or
// ENOTDIR: a file where a directory on the way should be), as opposed to
// not being readable. A broken link is not absent: the link is there.
func Absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// BrokenLinker is an FS that can tell a missing file from a symbolic link
// whose target is missing (fsys.OS; a fake reports one through its Errs
// with ErrBrokenLink). Without it a broken link reads as absent.
type BrokenLinker interface {
	// BrokenLink returns an ErrBrokenLink error when name is a symbolic
	// link to nothing, else nil.
	BrokenLink(name string) error
}

// ErrBrokenLink is a symbolic link whose target does not exist: it is
// there, so it is not "absent" (a dangling ~/.claude/.credentials.json
// is a broken setup, not a user who never signed in).
var ErrBrokenLink = errors.New("broken symbolic link")

type brokenLink struct{ target string }

func (e brokenLink) Error() string        { return "broken symbolic link: " + e.target + " does not exist" }
func (e brokenLink) Is(target error) bool { return target == ErrBrokenLink }

// BrokenLink names the missing target when name is a symbolic link to
// nothing.
func (OS) BrokenLink(name string) error {
	fi, err := os.Lstat(name)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if _, err := os.Stat(name); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	target, err := os.Readlink(name)
	if err != nil {
		target = "its target"
	} else if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(name), target)
	}
	return &fs.PathError{Op: "open", Path: name, Err: brokenLink{target: target}}
}

// explainMissing turns the "does not exist" of opening name into
// ErrBrokenLink when name itself is a symbolic link (its target is what is
// missing). Other errors are returned as they are.
func explainMissing(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		if berr := (OS{}).BrokenLink(name); berr != nil {
			return berr
		}
	}
	return err
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

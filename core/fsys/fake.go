package fsys

import (
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// Fake is an in-memory FS for tests. Files maps absolute paths to contents;
// Errs maps paths to the error reading them returns (e.g. fs.ErrPermission).
// Directories exist implicitly above every file.
type Fake struct {
	Files map[string]string
	Errs  map[string]error
}

func (f Fake) ReadFile(name string) ([]byte, error) {
	s, err := f.file(name)
	if err != nil {
		return nil, err
	}
	if len(s) > MaxFile {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	return []byte(s), nil
}

func (f Fake) Open(name string) (io.ReadCloser, error) {
	s, err := f.file(name)
	if err != nil {
		return nil, err
	}
	return io.NopCloser(strings.NewReader(s)), nil
}

// file is the content of the file name, or the error opening (or, for a
// dir, reading) it returns.
func (f Fake) file(name string) (string, error) {
	if err, ok := f.Errs[name]; ok {
		return "", &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if s, ok := f.Files[name]; ok {
		return s, nil
	}
	if f.isDir(name) {
		return "", &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (f Fake) Stat(name string) (fs.FileInfo, error) {
	if err, ok := f.Errs[name]; ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if s, ok := f.Files[name]; ok {
		return fakeInfo{name: path.Base(name), size: int64(len(s))}, nil
	}
	if f.isDir(name) {
		return fakeInfo{name: path.Base(name), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (f Fake) ReadDir(name string) ([]fs.DirEntry, error) {
	if err, ok := f.Errs[name]; ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	prefix := strings.TrimSuffix(name, "/") + "/"
	seen := map[string]bool{}
	var out []fs.DirEntry
	for p := range f.Files {
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		rest := p[len(prefix):]
		first, _, isDir := strings.Cut(rest, "/")
		if seen[first] {
			continue
		}
		seen[first] = true
		out = append(out, fs.FileInfoToDirEntry(fakeInfo{name: first, dir: isDir}))
	}
	if len(out) == 0 && !f.isDir(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (f Fake) isDir(name string) bool {
	prefix := strings.TrimSuffix(name, "/") + "/"
	for p := range f.Files {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

type fakeInfo struct {
	name string
	size int64
	dir  bool
}

func (i fakeInfo) Name() string { return i.name }
func (i fakeInfo) Size() int64  { return i.size }
func (i fakeInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o700
	}
	return 0o600
}
func (i fakeInfo) ModTime() time.Time { return time.Time{} }
func (i fakeInfo) IsDir() bool        { return i.dir }
func (i fakeInfo) Sys() any           { return nil }

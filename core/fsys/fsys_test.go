package fsys

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadFileKinds(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	os.WriteFile(p("file"), []byte("hello"), 0o600)
	os.Mkdir(p("dir"), 0o700)
	if err := syscall.Mkfifo(p("fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Symlink("nowhere", p("dangling"))
	os.Symlink(p("fifo"), p("to-fifo"))
	os.Symlink("loop2", p("loop1"))
	os.Symlink("loop1", p("loop2"))
	os.WriteFile(p("plain"), nil, 0o600)
	tests := []struct {
		name, want string
		is         error
	}{
		{"file", "", nil},
		{"dir", "is a directory", nil},
		{"fifo", "not a regular file", nil},
		{"to-fifo", "not a regular file", nil},
		{"dangling", "broken symbolic link: " + p("nowhere") + " does not exist", ErrBrokenLink},
		{"absent", "not found", fs.ErrNotExist},
		{"plain/below", "not a directory", nil},
		{"loop1", "too many levels of symbolic links", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, op := range []struct {
				name string
				read func(string) error
			}{
				{"ReadFile", func(n string) error { _, err := (OS{}).ReadFile(n); return err }},
				{"Open", func(n string) error {
					f, err := (OS{}).Open(n)
					if err == nil {
						f.Close()
					}
					return err
				}},
			} {
				err := within(t, p(tt.name), func() error { return op.read(p(tt.name)) })
				switch {
				case tt.want == "" && err != nil:
					t.Errorf("%s: %v", op.name, err)
				case tt.want != "" && (err == nil || Reason(err) != tt.want):
					t.Errorf("%s: reason %q (%v), want %q", op.name, reasonOf(err), err, tt.want)
				case tt.is != nil && !errors.Is(err, tt.is):
					t.Errorf("%s: %v is not %v", op.name, err, tt.is)
				}
				if errors.Is(tt.is, ErrBrokenLink) && errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s: a broken link reads as absent", op.name)
				}
			}
		})
	}
}

func reasonOf(err error) string {
	if err == nil {
		return ""
	}
	return Reason(err)
}

// TestSwapBeforeOpen swaps the file for a FIFO at the last moment before
// the open, deterministically: what is opened is checked, so the read
// refuses the FIFO at once instead of waiting for a writer.
func TestSwapBeforeOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".credentials.json")
	os.WriteFile(path, []byte(`{"claudeAiOauth":{}}`), 0o600)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	real := openFile
	t.Cleanup(func() { openFile = real })
	swaps := 0
	openFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		if name == path {
			swaps++
			if err := os.Rename(fifo, path); err != nil {
				t.Error(err)
			}
		}
		return real(name, flag, perm)
	}
	err := within(t, path, func() error { _, err := (OS{}).ReadFile(path); return err })
	if swaps != 1 || err == nil || Reason(err) != "not a regular file" {
		t.Fatalf("swaps %d, err %v; want the swapped-in FIFO refused", swaps, err)
	}
}

func TestLookup(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o600)
	os.Symlink("nowhere", filepath.Join(dir, "dangling"))
	os.Symlink("loop", filepath.Join(dir, "loop"))
	fake := Fake{
		Files: map[string]string{"/h/.openclaw/openclaw.json": "{}"},
		Errs: map[string]error{
			"/h/.openclaw/state/openclaw.sqlite": fs.ErrPermission,
			"/h/.openclaw/link":                  ErrBrokenLink,
		},
	}
	tests := []struct {
		fs     FS
		name   string
		exists bool
		reason string // "" for a nil error
	}{
		{OS{}, filepath.Join(dir, "file"), true, ""},
		{OS{}, filepath.Join(dir, "absent"), false, ""},
		{OS{}, filepath.Join(dir, "absent/below"), false, ""},
		{OS{}, filepath.Join(dir, "file/below"), false, ""},
		{OS{}, filepath.Join(dir, "dangling"), false, "broken symbolic link: " + filepath.Join(dir, "nowhere") + " does not exist"},
		{OS{}, filepath.Join(dir, "loop"), false, "too many levels of symbolic links"},
		{fake, "/h/.openclaw/openclaw.json", true, ""},
		{fake, "/h/.openclaw", true, ""},
		{fake, "/h/.openclaw/absent", false, ""},
		{fake, "/h/.openclaw/state/openclaw.sqlite", false, "permission denied"},
		{fake, "/h/.openclaw/link", false, "broken symbolic link"},
	}
	for _, tt := range tests {
		ok, err := Lookup(tt.fs, tt.name)
		if ok != tt.exists || reasonOf(err) != tt.reason {
			t.Errorf("Lookup(%s) = %v, %q; want %v, %q", strings.TrimPrefix(tt.name, dir), ok, reasonOf(err), tt.exists, tt.reason)
		}
		if err != nil && Absent(err) {
			t.Errorf("Lookup(%s): error %v counts as absent", tt.name, err)
		}
	}
}

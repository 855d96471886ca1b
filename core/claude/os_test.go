package claude

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// TestReadRealFiles covers what only a real file system produces. (Running
// as root, chmod cannot deny a read; fsys.Fake covers that.)
func TestReadRealFiles(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, file string)
		state   profile.State
		message string
	}{
		{
			name: "symlink loop",
			setup: func(t *testing.T, file string) {
				must(t, os.Symlink(file+".b", file))
				must(t, os.Symlink(file, file+".b"))
			},
			state: profile.Error, message: "Cannot read .credentials.json: too many levels of symbolic links; " + profile.UnreadableHint,
		},
		{
			name:  "directory instead of file",
			setup: func(t *testing.T, file string) { must(t, os.Mkdir(file, 0o700)) },
			state: profile.Error, message: "Cannot read .credentials.json: is a directory; " + profile.UnreadableHint,
		},
		{
			name: "huge file",
			setup: func(t *testing.T, file string) {
				f, err := os.Create(file)
				must(t, err)
				must(t, f.Truncate(fsys.MaxFile+1)) // sparse: costs no disk
				must(t, f.Close())
			},
			state: profile.Error, message: "Cannot read .credentials.json: file larger than 8 MB",
		},
		{
			name:  "FIFO does not block",
			setup: func(t *testing.T, file string) { must(t, syscall.Mkfifo(file, 0o600)) },
			state: profile.Error, message: "Cannot read .credentials.json: not a regular file; " + profile.UnreadableHint,
		},
		{
			// The link is there: a broken setup (a dotfile manager's
			// target gone), named as such, never "not signed in".
			name:  "dangling symlink names the broken link",
			setup: func(t *testing.T, file string) { must(t, os.Symlink(".credentials.json.gone", file)) },
			state: profile.Error, message: "Cannot read .credentials.json: broken symbolic link: {file}.gone does not exist; " + profile.UnreadableHint,
		},
		{
			name:  "dangling absolute symlink",
			setup: func(t *testing.T, file string) { must(t, os.Symlink(file+".elsewhere", file)) },
			state: profile.Error, message: "Cannot read .credentials.json: broken symbolic link: {file}.elsewhere does not exist; " + profile.UnreadableHint,
		},
		{
			name: "symlink to a real file (dotfile managers)",
			setup: func(t *testing.T, file string) {
				must(t, os.WriteFile(file+".real", []byte(creds(nil)), 0o600))
				must(t, os.Symlink(file+".real", file))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := t.TempDir()
			must(t, os.Mkdir(filepath.Join(h, ".claude"), 0o700))
			file := filepath.Join(h, ".claude", CredentialsFile)
			tt.setup(t, file)
			ps := Read(context.Background(), Input{Home: h, FS: fsys.OS{}})
			tt.message = strings.ReplaceAll(tt.message, "{file}", file)
			if len(ps) != 1 || ps[0].State != tt.state || ps[0].Message != tt.message || ps[0].Location != file {
				t.Fatalf("got %+v, want state %q message %q", ps, tt.state, tt.message)
			}
			// A broken path is shown, not signed in again.
			if tt.state == profile.Error && tt.message != "Cannot read .credentials.json: file larger than 8 MB" && ps[0].Fix != "ls -ld "+file {
				t.Errorf("fix = %q, want ls -ld of the file", ps[0].Fix)
			}
		})
	}
}

func TestWatches(t *testing.T) {
	h := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(h, ".claude"), 0o700))
	must(t, os.MkdirAll(filepath.Join(h, "work"), 0o700))
	must(t, os.WriteFile(filepath.Join(h, "afile"), nil, 0o600))
	in := Input{Home: h, FS: fsys.OS{}, Getenv: env("CLAUDE_CONFIG_DIR", h+"/work/"),
		Dirs: []string{"~/later/sub", "~/work", "~/afile", "relative"}}
	names := []string{CredentialsFile, ".claude.json", ".config.json"}
	want := []fsys.Watch{
		{Dir: filepath.Join(h, ".claude"), Names: names},
		{Dir: filepath.Join(h, "work"), Names: names},
		// Missing: listed as is, the live view watches its parent for it.
		{Dir: filepath.Join(h, "later/sub"), Names: names},
		{Dir: h, Names: []string{"afile"}},
	}
	if got := Watches(in); !reflect.DeepEqual(got, want) {
		t.Errorf("Watches =\n%+v\nwant\n%+v", got, want)
	}
	for _, name := range []string{CredentialsFile, CredentialsFile + ".tmp.123.456"} {
		if !want[0].Matches(name) {
			t.Errorf("%s does not match", name)
		}
	}
	for _, name := range []string{"history.jsonl", "projects", "todos", "statsig"} {
		if want[0].Matches(name) {
			t.Errorf("%s matches: Claude Code's other files would cause scans", name)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

package scan

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/settings"
)

// panicFS panics on every read, the way a reader's bug would, with a
// runtime error or with a value that could hold data.
type panicFS struct{ value bool }

func (p panicFS) boom() {
	if p.value {
		panic("sk-ant-oat01-SECRETSECRET")
	}
	var m map[string]int
	m["x"]++ // assignment to entry in nil map
}
func (p panicFS) ReadFile(string) ([]byte, error)       { p.boom(); return nil, nil }
func (p panicFS) Stat(string) (fs.FileInfo, error)      { p.boom(); return nil, nil }
func (p panicFS) ReadDir(string) ([]fs.DirEntry, error) { p.boom(); return nil, nil }

// TestReaderPanicIsAnErrorRow: a reader that panics gives one judged error
// row per source (exit 1 under --check, never Go's 2), says so in one
// sentence that quotes no panic value, and leaves the process running;
// listing watches does not panic either.
func TestReaderPanicIsAnErrorRow(t *testing.T) {
	for _, value := range []bool{false, true} {
		in := Input{Home: "/h", Getenv: func(string) string { return "" }, FS: panicFS{value}, Now: time.Now(), Settings: settings.Defaults()}
		snap := Scan(context.Background(), in)
		if code := profile.ExitCode(snap.Status); code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
		var errs int
		for _, p := range snap.Profiles {
			if strings.HasPrefix(p.ID, "internal error@") && p.State == profile.Error && p.Judged {
				errs++
				if strings.Contains(p.Message, "SECRET") || !strings.Contains(p.Message, "please report it") {
					t.Errorf("message %q", p.Message)
				}
			}
		}
		if errs != 2 {
			t.Errorf("%d internal error rows in %+v, want one per source", errs, snap.Profiles)
		}
		Watches(in)
	}
}

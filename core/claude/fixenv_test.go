package claude

import (
	"context"
	"slices"
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

// TestFixEnv: the variables in each row's fix, for a launcher that runs it
// without a shell.
func TestFixEnv(t *testing.T) {
	const home = "/home/u"
	in := Input{Home: home, FS: fsys.Fake{}, Dirs: []string{"~/w"},
		Getenv: env("CLAUDE_CONFIG_DIR", home+"/cfg", "CLAUDE_SECURESTORAGE_CONFIG_DIR", home+"/sec")}
	want := map[string][]string{
		"claude-code":       nil,
		"claude-code:~/sec": {"CLAUDE_SECURESTORAGE_CONFIG_DIR=/home/u/sec", "CLAUDE_CONFIG_DIR=/home/u/cfg"},
		"claude-code:~/w":   {"CLAUDE_CONFIG_DIR=/home/u/w"},
	}
	rows := Read(context.Background(), in)
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for _, p := range rows {
		if w, ok := want[p.ID]; !ok || !slices.Equal(p.FixEnv, w) {
			t.Errorf("%s: FixEnv %q, want %q", p.ID, p.FixEnv, w)
		}
	}
}

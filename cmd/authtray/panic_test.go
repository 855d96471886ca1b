package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

// TestInternalFailureExitsOne: a panic in a command (here a missing clock)
// is exit 1 and one sentence on stderr, for status --check and watch: never
// Go's exit 2, which --check means as "expiring", nor 0.
func TestInternalFailureExitsOne(t *testing.T) {
	for _, args := range [][]string{{"status", "--check"}, {"status", "--json"}, {"watch", "--json"}} {
		var out, errOut bytes.Buffer
		env := &appEnv{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Home: t.TempDir(), FS: fsys.OS{}}
		code := run(context.Background(), args, env)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
		if msg := errOut.String(); !strings.HasPrefix(msg, "authtray: internal error (") || strings.Count(msg, "\n") != 1 {
			t.Errorf("%v: stderr %q", args, msg)
		}
	}
}

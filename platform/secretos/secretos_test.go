package secretos

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/secrets"
)

func script(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "resolver")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, body string, c secrets.Command) secrets.Output {
	out, _ := runIn(t, body, c)
	return out
}

func runIn(t *testing.T, body string, c secrets.Command) (secrets.Output, string) {
	t.Helper()
	c.Path = script(t, body)
	c.Dir = filepath.Dir(c.Path)
	if c.Timeout == 0 {
		c.Timeout = 5 * time.Second
	}
	if c.NoOutput == 0 {
		c.NoOutput = c.Timeout
	}
	if c.MaxOutput == 0 {
		c.MaxOutput = 1 << 20
	}
	out, err := OS{}.Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return out, c.Dir
}

// TestRun: exactly the environment given (nothing of ours), stdin, its own
// directory, the exit code.
func TestRun(t *testing.T) {
	t.Setenv("AUTHTRAY_SECRETOS_LEAK", "ours")
	out, dir := runIn(t, `read req; echo "$req|$MODE|${AUTHTRAY_SECRETOS_LEAK:-none}|$(pwd -P)"; exit 4`,
		secrets.Command{Env: []string{"MODE=ci"}, Stdin: []byte(`{"protocolVersion":1}` + "\n")})
	got := strings.TrimSpace(string(out.Stdout))
	parts := strings.Split(got, "|")
	if len(parts) != 4 || parts[0] != `{"protocolVersion":1}` || parts[1] != "ci" || parts[2] != "none" || parts[3] != realDir(dir) {
		t.Errorf("stdout %q", got)
	}
	if out.Code != 4 {
		t.Errorf("code %d", out.Code)
	}
}

// TestRunLimits: a run that overstays is killed with what it started.
func TestRunLimits(t *testing.T) {
	start := time.Now()
	out := run(t, `sleep 30 & sleep 30`, secrets.Command{Timeout: 300 * time.Millisecond})
	if !out.TimedOut || time.Since(start) > 5*time.Second {
		t.Errorf("timeout: %+v after %s", out, time.Since(start))
	}
	out = run(t, `echo started; sleep 30`, secrets.Command{Timeout: 10 * time.Second, NoOutput: 300 * time.Millisecond})
	if !out.Silent || out.TimedOut {
		t.Errorf("no-output timeout: %+v", out)
	}
	out = run(t, `while :; do echo 0123456789; done`, secrets.Command{MaxOutput: 4096})
	if !out.TooLarge || len(out.Stdout) > 4096 {
		t.Errorf("output limit: too large %v, %d bytes kept", out.TooLarge, len(out.Stdout))
	}
}

// TestLstat: owner, links, mode, not following a link.
func TestLstat(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "s.json")
	os.WriteFile(f, []byte("{}"), 0o600)
	os.Link(f, filepath.Join(dir, "again"))
	os.Symlink(f, filepath.Join(dir, "link"))
	i, err := OS{}.Lstat(f)
	if err != nil || i.Links != 2 || i.UID != os.Geteuid() || i.Mode.Perm() != 0o600 {
		t.Errorf("lstat %+v %v", i, err)
	}
	if i, _ := (OS{}).Lstat(filepath.Join(dir, "link")); i.Mode&os.ModeSymlink == 0 {
		t.Errorf("a link is followed: %v", i.Mode)
	}
}

func realDir(d string) string {
	r, err := filepath.EvalSymlinks(d)
	if err != nil {
		return d
	}
	return r
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeSSH writes an ssh stand-in that records each run in dir/ran and then
// runs script (sh), and returns the AUTHTRAY_SSH value naming it.
func fakeSSH(t *testing.T, dir, script string) string {
	t.Helper()
	p := filepath.Join(dir, "fake-ssh")
	body := "#!/bin/sh\necho \"$@\" >>" + filepath.Join(dir, "ran") + "\n" + script + "\n"
	if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHostRefused: a --host destination with a command substitution,
// backticks, a ; or another shell character, or one ssh would read as an
// option, is refused by authtray (exit 64, one sentence) before any ssh
// runs, in status and in watch.
func TestHostRefused(t *testing.T) {
	dir := t.TempDir()
	ssh := fakeSSH(t, dir, "exit 255")
	for _, dest := range []string{"vps$(touch /tmp/pwned)", "vps`id`", "vps;id", "me@vps|id", "vps&", "-oProxyCommand=id", "ssh://-oX", "vps\x1b]0;t\x07", "vps name"} {
		for _, cmd := range [][]string{{"status", "--host", dest}, {"watch", "--json", "--host", dest}} {
			home := t.TempDir()
			env, out, errb := testEnv(home, map[string]string{"HOME": home, "AUTHTRAY_SSH": ssh})
			code := run(context.Background(), cmd, env)
			if code != 64 || out.String() != "" || !strings.Contains(errb.String(), "--host: ssh destination") {
				t.Errorf("%q: exit %d, stdout %q, stderr %q", cmd, code, out.String(), errb.String())
			}
			if _, err := os.Stat(filepath.Join(dir, "ran")); err == nil {
				t.Fatalf("%q: ssh ran", cmd)
			}
		}
	}
}

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authtray/authtray/internal/need"
	"github.com/authtray/authtray/platform/autostart"
)

// TestServiceCommand installs the watch service on a host whose systemctl
// is absent, or has no user manager: the unit is written and linked, one
// sentence says it was not started, and systemd-analyze accepts the unit.
func TestServiceCommand(t *testing.T) {
	for _, tc := range []struct {
		name     string
		lookPath func(string) (string, error)
	}{
		{"no systemctl", func(string) (string, error) { return "", errors.New("not found") }},
		{"no user manager", func(string) (string, error) { return "/usr/bin/systemctl", nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			env := &appEnv{Home: home, Getenv: func(k string) string {
				if k == "USER" {
					return "tester"
				}
				return ""
			}}
			// A real executable outside the temp dir, for systemd-analyze,
			// which checks that ExecStart's program exists.
			exe, err := exec.LookPath("true")
			if err != nil {
				t.Fatal(err)
			}
			saved := newInstaller
			t.Cleanup(func() { newInstaller = saved })
			newInstaller = func(env *appEnv) (*autostart.Installer, error) {
				return &autostart.Installer{
					Home: env.Home, Getenv: env.Getenv, Exe: exe, Platform: "linux",
					LookPath:  tc.lookPath,
					LingerDir: filepath.Join(home, "linger"),
					Run: func(name string, args ...string) ([]byte, error) {
						if name+" "+strings.Join(args, " ") == "systemctl --user show-environment" {
							return []byte("Failed to connect to bus: No medium found"), errors.New("exit status 1")
						}
						return nil, errors.New("unexpected command " + name)
					},
				}, nil
			}
			unit := filepath.Join(home, ".config", "systemd", "user", "authtray-watch.service")
			steps := []struct {
				args     []string
				code     int
				out, err string
			}{
				{[]string{"status"}, 0, "watch service: not installed, running unknown (systemctl --user is not usable here) (" + unit + ")\n" +
					"Linger is off for tester: the service runs only while you are logged in; on a server, run: loginctl enable-linger tester\n", ""},
				{[]string{"install"}, 0, "watch service: installed (" + unit + ")\n" +
					"systemctl --user is not usable here (no systemd user manager), so the unit was written and enabled but not started; it starts with your next login, or start it now with: systemctl --user start authtray-watch.service\n" +
					"Linger is off for tester, so the service stops when you log out and waits for your next login; on a server, run: loginctl enable-linger tester\n", ""},
				{[]string{"status"}, 0, "watch service: installed, running unknown (systemctl --user is not usable here) (" + unit + ")\n" +
					"Linger is off for tester: the service runs only while you are logged in; on a server, run: loginctl enable-linger tester\n", ""},
				{[]string{"start"}, 64, "", "authtray service: unknown command \"start\" (run 'authtray service --help')\n"},
				{[]string{"install", "now"}, 64, "", "authtray service install: unexpected argument \"now\" (run 'authtray service --help')\n"},
			}
			for _, s := range steps {
				var out, errb strings.Builder
				env.Stdout, env.Stderr = &out, &errb
				code := runService(t.Context(), s.args, env)
				if code != s.code || out.String() != s.out || errb.String() != s.err {
					t.Errorf("service %q = %d\n%s%s\nwant %d\n%s%s", s.args, code, out.String(), errb.String(), s.code, s.out, s.err)
				}
			}
			verifyUnit(t, unit)
			var out strings.Builder
			env.Stdout, env.Stderr = &out, &out
			if code := runService(t.Context(), []string{"uninstall"}, env); code != 0 || out.String() != "watch service: uninstalled ("+unit+")\n" {
				t.Errorf("uninstall = %d %q", code, out.String())
			}
			if _, err := os.Stat(unit); err == nil {
				t.Error("uninstall left the unit")
			}
		})
	}
}

// verifyUnit runs systemd-analyze verify on the unit, which must pass with
// no warning (it reports unknown keys on stderr and still exits 0).
func verifyUnit(t *testing.T, unit string) {
	t.Helper()
	need.Tool(t, "systemd-analyze", "apt-get install systemd")
	run := t.TempDir()
	cmd := exec.Command("systemd-analyze", "verify", "--user", unit)
	cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+run, "SYSTEMD_LOG_LEVEL=notice")
	out, err := cmd.CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify %s: %v\n%s", unit, err, out)
	}
}

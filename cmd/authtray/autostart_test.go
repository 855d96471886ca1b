package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authtray/authtray/platform/autostart"
)

func TestAutostartCommand(t *testing.T) {
	home := t.TempDir()
	env := &appEnv{Home: home, Getenv: func(k string) string {
		if k == "XDG_CONFIG_DIRS" {
			return filepath.Join(home, "etc-xdg") // no package entry
		}
		return ""
	}}
	saved := newInstaller
	t.Cleanup(func() { newInstaller = saved })
	newInstaller = func(env *appEnv) (*autostart.Installer, error) {
		return &autostart.Installer{
			Home: env.Home, Getenv: env.Getenv, Exe: "/usr/bin/authtray", Platform: "linux",
			LookPath: func(string) (string, error) { return "", errors.New("no systemctl") },
			Run:      func(string, ...string) ([]byte, error) { return nil, errors.New("unexpected command") },
		}, nil
	}
	desktop := filepath.Join(home, ".config", "autostart", "authtray.desktop")
	unit := filepath.Join(home, ".config", "systemd", "user", "authtray.service")
	wants := filepath.Join(home, ".config", "systemd", "user", "graphical-session.target.wants", "authtray.service")
	const xdg, sd = "xdg", "systemd"
	steps := []struct {
		args     []string
		code     int
		out, err string
		on       string // what is enabled afterwards, read from disk
	}{
		{[]string{"status"}, 0, "XDG autostart      disabled  " + desktop + "\nsystemd user unit  disabled  " + unit + "\n", "", ""},
		{[]string{"enable"}, 0, "XDG autostart: enabled (" + desktop + ")\nauthtray will start at your next login.\n", "", xdg},
		{[]string{"enable"}, 0, "XDG autostart: already enabled (" + desktop + ")\nauthtray will start at your next login.\n", "", xdg},
		{[]string{"status"}, 0, "XDG autostart      enabled   " + desktop + "\nsystemd user unit  disabled  " + unit + "\n", "", xdg},
		{[]string{"disable"}, 0, "XDG autostart: disabled (" + desktop + ")\nsystemd user unit: already disabled (" + unit + ")\n", "", ""},
		{[]string{"disable"}, 0, "XDG autostart: already disabled (" + desktop + ")\nsystemd user unit: already disabled (" + unit + ")\n", "", ""},
		{[]string{"enable"}, 0, "XDG autostart: enabled (" + desktop + ")\nauthtray will start at your next login.\n", "", xdg},
		// No usable systemctl --user: the unit is linked by hand, and only
		// then is XDG turned off.
		{[]string{"enable", "--systemd"}, 0, "systemd user unit: enabled (" + unit + ")\nsystemctl --user is not usable here, so the unit was linked into graphical-session.target.wants by hand; authtray will start with your next graphical session.\n", "", sd},
		{[]string{"status"}, 0, "XDG autostart      disabled  " + desktop + "\nsystemd user unit  enabled   " + unit + "\n", "", sd},
		{[]string{"disable", "--systemd"}, 0, "systemd user unit: disabled (" + unit + ")\n", "", ""},
		// enable --systemd switched XDG off: a plain disable must turn the
		// unit off too, or authtray still starts at login.
		{[]string{"enable", "--systemd"}, 0, "systemd user unit: enabled (" + unit + ")\nsystemctl --user is not usable here, so the unit was linked into graphical-session.target.wants by hand; authtray will start with your next graphical session.\n", "", sd},
		{[]string{"disable"}, 0, "XDG autostart: already disabled (" + desktop + ")\nsystemd user unit: disabled (" + unit + ")\n", "", ""},
		{[]string{"status"}, 0, "XDG autostart      disabled  " + desktop + "\nsystemd user unit  disabled  " + unit + "\n", "", ""},
		{[]string{"frobnicate"}, 64, "", "authtray autostart: unknown command \"frobnicate\"", ""},
		{[]string{"enable", "extra"}, 64, "", "authtray autostart: unexpected argument \"extra\" (run 'authtray autostart --help')\n", ""},
	}
	for _, s := range steps {
		var out, errb strings.Builder
		env.Stdout, env.Stderr = &out, &errb
		code := runAutostart(s.args, env)
		if code != s.code || out.String() != s.out || !strings.Contains(errb.String(), s.err) {
			t.Errorf("autostart %q = %d\n%s%s\nwant %d\n%s%s", s.args, code, out.String(), errb.String(), s.code, s.out, s.err)
		}
		_, derr := os.Stat(desktop)
		dst, lerr := os.Readlink(wants)
		_, uerr := os.Stat(unit)
		var on []string
		if derr == nil {
			on = append(on, xdg)
		}
		if lerr == nil && dst == unit && uerr == nil {
			on = append(on, sd)
		}
		if got := strings.Join(on, ","); got != s.on {
			t.Errorf("after autostart %q, enabled on disk: %q, want %q", s.args, got, s.on)
		}
	}

	// A hand-written entry is refused with one sentence naming the file.
	os.MkdirAll(filepath.Dir(desktop), 0o755)
	os.WriteFile(desktop, []byte("[Desktop Entry]\nExec=mine\n"), 0o644)
	var out, errb strings.Builder
	env.Stdout, env.Stderr = &out, &errb
	if code := runAutostart([]string{"enable"}, env); code != 1 || !strings.Contains(errb.String(), desktop+" was not written by authtray; remove it or edit it by hand") {
		t.Errorf("enable over a user file = %d, stderr %q", code, errb.String())
	}
}

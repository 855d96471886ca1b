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
	steps := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"status"}, 0, "XDG autostart      disabled  " + desktop + "\nsystemd user unit  disabled  " + unit + "\n", ""},
		{[]string{"enable"}, 0, "XDG autostart: enabled (" + desktop + ")\nauthtray will start at your next login.\n", ""},
		{[]string{"enable"}, 0, "XDG autostart: already enabled (" + desktop + ")\nauthtray will start at your next login.\n", ""},
		{[]string{"status"}, 0, "XDG autostart      enabled   " + desktop + "\nsystemd user unit  disabled  " + unit + "\n", ""},
		{[]string{"disable"}, 0, "XDG autostart: disabled (" + desktop + ")\n", ""},
		{[]string{"disable"}, 0, "XDG autostart: already disabled (" + desktop + ")\n", ""},
		{[]string{"enable", "--systemd"}, 0, "systemd user unit: enabled (" + unit + ")\nsystemctl --user is not usable here; in your desktop session run: systemctl --user daemon-reload && systemctl --user enable authtray.service\n", ""},
		{[]string{"status"}, 0, "XDG autostart      disabled  " + desktop + "\nsystemd user unit  disabled  " + unit + " (installed but not enabled)\n", ""},
		{[]string{"disable", "--systemd"}, 0, "systemd user unit: disabled (" + unit + ")\n", ""},
		{[]string{"frobnicate"}, 64, "", "authtray autostart: unknown command \"frobnicate\""},
		{[]string{"enable", "extra"}, 64, "", "unexpected arguments"},
	}
	for _, s := range steps {
		var out, errb strings.Builder
		env.Stdout, env.Stderr = &out, &errb
		code := runAutostart(s.args, env)
		if code != s.code || out.String() != s.out || !strings.Contains(errb.String(), s.err) {
			t.Errorf("autostart %q = %d\n%s%s\nwant %d\n%s%s", s.args, code, out.String(), errb.String(), s.code, s.out, s.err)
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

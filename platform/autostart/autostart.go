// Package autostart starts authtray at login: an XDG autostart entry or a
// systemd user unit on Linux, a LaunchAgent on macOS.
//
// The file contents come from pure functions (DesktopEntry, SystemdUnit,
// LaunchAgentPlist) with golden tests; Installer writes and removes them
// under a given home and runs launchctl/systemctl through an injected
// runner. authtray only ever touches files it wrote itself, recognised by
// the Marker line: a same-named file without it belongs to the user and is
// left alone with a clear error.
package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Mechanism is one way of starting authtray at login.
type Mechanism string

const (
	// XDG is an autostart .desktop entry, run by every freedesktop session.
	XDG Mechanism = "xdg"
	// Systemd is a user unit bound to graphical-session.target.
	Systemd Mechanism = "systemd"
	// LaunchAgent is a per-user launchd job in the Aqua (GUI) session.
	LaunchAgent Mechanism = "launchagent"
)

const (
	// Label is the macOS bundle id and LaunchAgent label.
	Label = "io.github.authtray"
	// Name is the base name of the Linux files (authtray.desktop,
	// authtray.service).
	Name = "authtray"
	// Marker is the line that identifies a file authtray generated and may
	// therefore overwrite or delete. It is a valid extension key in a
	// desktop entry and a comment in a unit file or plist.
	Marker = "X-Authtray-Generated=true"
)

// ErrNotOurs is returned when a file authtray would write or remove exists
// without the Marker: the user wrote or edited it, so it is not clobbered.
var ErrNotOurs = errors.New("was not written by authtray")

// State is what one mechanism looks like on disk right now.
type State struct {
	Mechanism Mechanism
	Enabled   bool
	// Path is the file that decides: the user's file when there is one,
	// else a system-wide one, else where Enable would write.
	Path string
	// Note is a short qualifier for people ("system-wide entry from the
	// package", "installed but not enabled", "disabled by a user override").
	Note string
}

// Enabled reports whether authtray starts at login with any of the
// platform's mechanisms (an XDG entry or a systemd user unit on Linux, a
// LaunchAgent on macOS). It is what the tray's "Start at login" checkbox
// shows.
func Enabled() (bool, error) {
	in, err := Default()
	if err != nil {
		return false, err
	}
	return in.AnyEnabled()
}

// Enable makes authtray start at login with the default mechanism. It is
// meant for the running tray: it never starts a second copy now.
func Enable() error {
	in, err := Default()
	if err != nil {
		return err
	}
	in.StartNow = false
	_, err = in.Enable(in.DefaultMechanism())
	return err
}

// Disable stops authtray from starting at login with every mechanism that
// is on (the checkbox is on for any of them). It never stops the running
// copy.
func Disable() error {
	in, err := Default()
	if err != nil {
		return err
	}
	in.StartNow = false
	_, err = in.DisableAll()
	return err
}

// Default is an Installer for the current user and executable.
func Default() (*Installer, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, fmt.Errorf("find home directory: %w", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find authtray's own path: %w", err)
	}
	return &Installer{
		Home:     home,
		Exe:      exe,
		Getenv:   os.Getenv,
		Run:      runCommand,
		LookPath: lookPath,
		UID:      os.Getuid(),
		Platform: platform,
	}, nil
}

// checkExe refuses executables that will not exist at the next login: a
// `go run` build in the temp dir, a relative path, or a macOS app that
// Gatekeeper runs from a translocated copy.
func checkExe(exe string) error { return exeProblem(exe, os.TempDir(), filepath.EvalSymlinks) }

// exeProblem is checkExe with the temp dir and symlink resolution given.
// Both the path and its resolved form are checked, without macOS's
// /private prefix (/var and /tmp are symlinks into /private), so neither a
// symlink nor a spelling hides where the binary really is.
func exeProblem(exe, tmpDir string, resolve func(string) (string, error)) error {
	if !filepath.IsAbs(exe) {
		return fmt.Errorf("authtray's path %q is not absolute; run it by its full path to enable start at login", exe)
	}
	paths := spellings(exe, resolve)
	for _, p := range paths {
		if translocated(p) {
			return fmt.Errorf("macOS runs authtray from a temporary copy (%s), which is gone at the next login: move authtray to Applications first, then open it from there and enable start at login", exe)
		}
	}
	for _, t := range spellings(tmpDir, resolve) {
		t = strings.TrimSuffix(t, string(filepath.Separator)) + string(filepath.Separator)
		for _, p := range paths {
			if strings.HasPrefix(p, t) {
				return fmt.Errorf("authtray is running from a temporary build (%s); install it first, then enable start at login", exe)
			}
		}
	}
	for _, p := range paths {
		if strings.Contains(p, string(filepath.Separator)+"go-build") {
			return fmt.Errorf("authtray is running from a temporary build (%s); install it first, then enable start at login", exe)
		}
	}
	return nil
}

// spellings are p cleaned and p with its symlinks resolved, each without a
// leading /private.
func spellings(p string, resolve func(string) (string, error)) []string {
	out := []string{withoutPrivate(filepath.Clean(p))}
	if r, err := resolve(p); err == nil && withoutPrivate(r) != out[0] {
		out = append(out, withoutPrivate(r))
	}
	return out
}

func withoutPrivate(p string) string {
	if rest, ok := strings.CutPrefix(p, "/private/"); ok {
		return "/" + rest
	}
	return p
}

// translocated reports whether p is inside a Gatekeeper App Translocation
// mount: an app opened from where it was downloaded (quarantined, not yet
// moved) runs from /private/var/folders/…/AppTranslocation/<uuid>/d/….
func translocated(p string) bool {
	return strings.HasPrefix(p, "/var/folders/") && strings.Contains(p, "/AppTranslocation/")
}

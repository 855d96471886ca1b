package autostart

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Installer writes and removes the autostart files of one user.
type Installer struct {
	Home   string // the user's home directory
	Exe    string // absolute path of the authtray binary to start
	Getenv func(string) string
	// Run runs an external command (launchctl, systemctl) and returns its
	// combined output.
	Run      func(name string, args ...string) ([]byte, error)
	LookPath func(string) (string, error)
	UID      int
	Platform string // "linux" or "darwin": picks the default mechanism
	// StartNow loads the LaunchAgent right away (launchctl bootstrap) on
	// Enable and unloads it (bootout) on Disable. The CLI sets it; the tray
	// does not, because bootstrapping would start a second copy of itself
	// and bootout would quit it.
	StartNow bool
	// Sleep waits between launchctl attempts (default time.Sleep).
	Sleep func(time.Duration)
	// LingerDir is logind's linger directory (default
	// /var/lib/systemd/linger); tests point it elsewhere.
	LingerDir string
}

// Result says what Enable or Disable did, for the CLI to print.
type Result struct {
	Path    string
	Changed bool     // a file was written or removed
	Notes   []string // one sentence each: what was run, what to do next
}

// DefaultMechanism is XDG autostart on Linux and a LaunchAgent on macOS.
func (in *Installer) DefaultMechanism() Mechanism {
	if in.Platform == "darwin" {
		return LaunchAgent
	}
	return XDG
}

// Mechanisms lists the mechanisms of the platform, default first.
func (in *Installer) Mechanisms() []Mechanism {
	if in.Platform == "darwin" {
		return []Mechanism{LaunchAgent}
	}
	return []Mechanism{XDG, Systemd}
}

func (in *Installer) configHome() string {
	if d := in.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(in.Home, ".config")
}

// systemConfigDirs are $XDG_CONFIG_DIRS (default /etc/xdg), where packages
// put system-wide autostart entries.
func (in *Installer) systemConfigDirs() []string {
	var dirs []string
	for _, d := range filepath.SplitList(in.Getenv("XDG_CONFIG_DIRS")) {
		if filepath.IsAbs(d) {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 {
		dirs = []string{"/etc/xdg"}
	}
	return dirs
}

// Path is the per-user file of a mechanism.
func (in *Installer) Path(m Mechanism) string {
	switch m {
	case Systemd:
		return filepath.Join(in.configHome(), "systemd", "user", Name+".service")
	case LaunchAgent:
		return filepath.Join(in.Home, "Library", "LaunchAgents", Label+".plist")
	}
	return filepath.Join(in.configHome(), "autostart", Name+".desktop")
}

// wantsLink is the symlink `systemctl --user enable` creates.
func (in *Installer) wantsLink() string {
	return filepath.Join(in.configHome(), "systemd", "user", "graphical-session.target.wants", Name+".service")
}

// State reports whether m is enabled and which file says so.
func (in *Installer) State(m Mechanism) (State, error) {
	st := State{Mechanism: m, Path: in.Path(m)}
	data, err := os.ReadFile(st.Path)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return st, fmt.Errorf("read %s: %w", st.Path, err)
	}
	switch m {
	case XDG:
		if exists {
			st.Enabled = !entryDisabled(data)
			if !st.Enabled {
				st.Note = "turned off by this file"
			}
			return st, nil
		}
		if p := in.systemEntry(); p != "" {
			sys, err := os.ReadFile(p)
			if err != nil {
				return st, fmt.Errorf("read %s: %w", p, err)
			}
			st.Path, st.Enabled = p, !entryDisabled(sys)
			st.Note = "system-wide entry from the package"
		}
	case Systemd:
		if _, err := os.Lstat(in.wantsLink()); err == nil {
			st.Enabled = true
			if !exists {
				st.Note = "unit from the package"
			}
		} else if exists {
			st.Note = "installed but not enabled"
		}
	case LaunchAgent:
		st.Enabled = exists
		if exists && in.launchdDisabled() {
			// The plist is there, but launchd will not load it: the
			// switch in System Settings → General → Login Items (or
			// `launchctl disable`) is off.
			st.Enabled = false
			st.Note = "turned off in System Settings → General → Login Items"
		}
	}
	return st, nil
}

// Enable makes authtray start at login with m. It is idempotent, and it
// turns the platform's other mechanism off once m is on, so that one login
// never starts two copies (and a failure leaves the old one in place rather
// than nothing).
func (in *Installer) Enable(m Mechanism) (Result, error) {
	if err := checkExe(in.Exe); err != nil {
		return Result{}, err
	}
	var r Result
	var err error
	switch m {
	case Systemd:
		r, err = in.enableSystemd()
	case LaunchAgent:
		r, err = in.enableLaunchAgent()
	default:
		r, err = in.enableXDG()
	}
	if err != nil {
		return r, err
	}
	for _, other := range in.Mechanisms() {
		if other == m {
			continue
		}
		st, err := in.State(other)
		if err != nil {
			return r, err
		}
		if st.Enabled {
			if _, err := in.Disable(other); err != nil {
				return r, fmt.Errorf("%s is enabled, but turning off %s failed (a login may start two copies): %w", m, other, err)
			}
		}
	}
	return r, nil
}

func (in *Installer) enableXDG() (Result, error) {
	var r Result
	var err error
	if sys := in.systemEntry(); sys != "" {
		// The package's entry starts authtray unless our override hides
		// it: removing the override is all that enabling takes.
		if data, rerr := os.ReadFile(sys); rerr == nil && !entryDisabled(data) {
			r, err = in.remove(in.Path(XDG))
			r.Path = sys
		} else {
			r, err = in.put(in.Path(XDG), DesktopEntry(Entry{Exe: in.Exe, Autostart: true, Generated: true}))
		}
	} else {
		r, err = in.put(in.Path(XDG), DesktopEntry(Entry{Exe: in.Exe, Autostart: true, Generated: true}))
	}
	if err == nil {
		r.Notes = append(r.Notes, "authtray will start at your next login.")
	}
	return r, err
}

// AnyEnabled reports whether authtray starts at login with any of the
// platform's mechanisms.
func (in *Installer) AnyEnabled() (bool, error) {
	for _, m := range in.Mechanisms() {
		st, err := in.State(m)
		if err != nil {
			return false, err
		}
		if st.Enabled {
			return true, nil
		}
	}
	return false, nil
}

// Turned is what DisableAll did to one mechanism.
type Turned struct {
	Mechanism Mechanism
	// Result is Disable's result for a mechanism that was on; for one that
	// was already off, Path is the file that says so and Changed is false.
	Result Result
}

// DisableAll turns off every mechanism that is on, and reports on each of
// the platform's mechanisms in order (up to the one that failed).
func (in *Installer) DisableAll() ([]Turned, error) {
	var out []Turned
	for _, m := range in.Mechanisms() {
		st, err := in.State(m)
		if err != nil {
			return out, err
		}
		if !st.Enabled {
			out = append(out, Turned{Mechanism: m, Result: Result{Path: st.Path}})
			continue
		}
		r, err := in.Disable(m)
		if err != nil {
			return out, err
		}
		out = append(out, Turned{Mechanism: m, Result: r})
	}
	return out, nil
}

// systemEntry is the first system-wide autostart entry (from a package),
// or "".
func (in *Installer) systemEntry() string {
	for _, d := range in.systemConfigDirs() {
		p := filepath.Join(d, "autostart", Name+".desktop")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// Disable stops authtray from starting at login with m. It is idempotent
// and never stops the running copy.
func (in *Installer) Disable(m Mechanism) (Result, error) {
	switch m {
	case Systemd:
		return in.disableSystemd()
	case LaunchAgent:
		return in.disableLaunchAgent()
	}
	p := in.Path(XDG)
	// A package's /etc/xdg/autostart entry cannot be removed by the user;
	// the XDG way to turn it off is a same-named user file with Hidden=true.
	if in.systemEntry() != "" {
		exe := in.Exe
		if checkExe(exe) != nil {
			exe = "/usr/bin/authtray"
		}
		return in.put(p, DesktopEntry(Entry{Exe: exe, Autostart: true, Hidden: true, Generated: true}))
	}
	return in.remove(p)
}

func (in *Installer) enableSystemd() (Result, error) {
	r, err := in.put(in.Path(Systemd), SystemdUnit(in.Exe, true))
	if err != nil {
		return r, err
	}
	_, linkErr := os.Lstat(in.wantsLink())
	if !in.systemctlUsable() {
		// What `systemctl --user enable` does, by hand: the user manager
		// reads the link when the next graphical session starts.
		if err := in.linkByHand(in.Path(Systemd), in.wantsLink()); err != nil {
			return r, err
		}
		r.Changed = r.Changed || linkErr != nil
		r.Notes = append(r.Notes, "systemctl --user is not usable here, so the unit was linked into graphical-session.target.wants by hand; authtray will start with your next graphical session.")
		return r, nil
	}
	if err := in.systemctl([]string{"--user", "daemon-reload"}, []string{"--user", "enable", Name + ".service"}); err != nil {
		return r, err
	}
	r.Changed = r.Changed || linkErr != nil
	// Not --now: the tray may be running already, and a second copy would
	// put a second icon in the panel.
	r.Notes = append(r.Notes, "authtray will start with your next graphical session; to start it now: systemctl --user start "+Name+".service")
	return r, nil
}

func (in *Installer) disableSystemd() (Result, error) {
	p := in.Path(Systemd)
	r := Result{Path: p}
	if err := in.checkOurs(p); err != nil {
		return r, err
	}
	if in.systemctlUsable() {
		if _, err := os.Lstat(in.wantsLink()); err == nil {
			if err := in.systemctl([]string{"--user", "disable", Name + ".service"}); err != nil {
				return r, err
			}
			r.Changed = true
		}
	} else if err := removeIfExists(in.wantsLink()); err != nil {
		return r, err
	}
	rm, err := in.remove(p)
	if err != nil {
		return r, err
	}
	r.Changed = r.Changed || rm.Changed
	if rm.Changed && in.systemctlUsable() {
		// Best effort: a stale unit in systemd's memory is harmless.
		in.Run("systemctl", "--user", "daemon-reload")
	}
	return r, nil
}

// systemctl runs systemctl with each of calls in turn, up to the first
// that fails.
func (in *Installer) systemctl(calls ...[]string) error {
	for _, args := range calls {
		if out, err := in.Run("systemctl", args...); err != nil {
			return fmt.Errorf("systemctl %s: %w: %s", strings.Join(args, " "), err, firstLine(out))
		}
	}
	return nil
}

// systemctlUsable is true when a systemd user manager answers: systemctl
// exists, and `systemctl --user show-environment` succeeds (it fails in
// containers, ssh sessions without a user bus, and non-systemd systems).
func (in *Installer) systemctlUsable() bool {
	if _, err := in.LookPath("systemctl"); err != nil {
		return false
	}
	_, err := in.Run("systemctl", "--user", "show-environment")
	return err == nil
}

// put writes data to path unless the file is already exactly that, and
// refuses to replace a file without the Marker.
func (in *Installer) put(path string, data []byte) (Result, error) {
	r := Result{Path: path}
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Equal(old, data):
		return r, nil
	case err == nil && !bytes.Contains(old, []byte(Marker)):
		return r, fmt.Errorf("%s %w; remove it or edit it by hand", path, ErrNotOurs)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return r, fmt.Errorf("read %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return r, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	// Write then rename, so a session starting right now never reads half
	// a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return r, fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return r, fmt.Errorf("rename %s: %w", tmp, err)
	}
	r.Changed = true
	return r, nil
}

// remove deletes path if it is ours; a missing file is success.
func (in *Installer) remove(path string) (Result, error) {
	r := Result{Path: path}
	if err := in.checkOurs(path); err != nil {
		return r, err
	}
	err := os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("remove %s: %w", path, err)
	}
	r.Changed = true
	return r, nil
}

func (in *Installer) checkOurs(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if !bytes.Contains(data, []byte(Marker)) {
		return fmt.Errorf("%s %w; remove it or edit it by hand", path, ErrNotOurs)
	}
	return nil
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	return nil
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}

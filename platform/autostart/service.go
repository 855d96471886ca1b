package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The watch service is `authtray watch` kept running by the user's service
// manager, for a host where nobody sits at a tray: a VPS running the
// gateway. It is not autostart. The tray's entry (authtray.service,
// io.github.authtray) starts the tray with a graphical session; the watch
// service has its own names, starts with the user manager (at boot, with
// linger) and is restarted when it fails. Either can be on without the
// other.
const (
	// WatchName is the systemd user unit's base name.
	WatchName = "authtray-watch"
	// WatchLabel is the LaunchAgent's label.
	WatchLabel = Label + ".watch"
	// lingerDir is where logind keeps one file per user with linger on.
	lingerDir = "/var/lib/systemd/linger"
)

// WatchArgs are the arguments the service runs authtray with.
var WatchArgs = []string{"watch", "--json"}

// ServicePath is the watch service's unit file or plist.
func (in *Installer) ServicePath() string {
	if in.Platform == "darwin" {
		return filepath.Join(in.Home, "Library", "LaunchAgents", WatchLabel+".plist")
	}
	return filepath.Join(in.configHome(), "systemd", "user", WatchName+".service")
}

func (in *Installer) serviceWants() string {
	return filepath.Join(in.configHome(), "systemd", "user", "default.target.wants", WatchName+".service")
}

// ServiceState is what `authtray service status` says.
type ServiceState struct {
	Path      string
	Installed bool
	Ours      bool // the file carries the Marker
	// Running is known only when the service manager answers.
	Running, RunningKnown bool
	// Linger (Linux): the user manager runs without a login.
	Linger, LingerKnown bool
	User                string
}

// InstallService writes the watch service and starts it. Without a usable
// systemctl it writes and links the unit and says it could not start it.
func (in *Installer) InstallService() (Result, error) {
	if err := checkExe(in.Exe); err != nil {
		// Its sentences end in what to do for autostart.
		return Result{}, errors.New(strings.ReplaceAll(err.Error(), "enable start at login", "run authtray service install"))
	}
	if in.Platform == "darwin" {
		return in.installWatchAgent()
	}
	r, err := in.put(in.ServicePath(), WatchUnit(in.Exe))
	if err != nil {
		return r, err
	}
	unit := WatchName + ".service"
	if !in.systemctlUsable() {
		if err := in.linkByHand(in.ServicePath(), in.serviceWants()); err != nil {
			return r, err
		}
		r.Notes = append(r.Notes, "systemctl --user is not usable here (no systemd user manager), so the unit was written and enabled but not started; it starts with your next login, or start it now with: systemctl --user start "+unit)
	} else {
		start := "start"
		if r.Changed {
			start = "restart" // a running copy picks up the new unit
		}
		if err := in.systemctl([]string{"--user", "daemon-reload"}, []string{"--user", "enable", unit}, []string{"--user", start, unit}); err != nil {
			return r, err
		}
		r.Notes = append(r.Notes, "started with systemctl --user; it restarts on failure and starts with your user manager.")
	}
	if st := in.lingerState(); st.LingerKnown && !st.Linger {
		r.Notes = append(r.Notes, lingerHint(st.User))
	}
	return r, nil
}

// lingerHint is the sentence for a user without linger.
func lingerHint(user string) string {
	return fmt.Sprintf("Linger is off for %s, so the service stops when you log out and waits for your next login; on a server, run: loginctl enable-linger %s", user, user)
}

// linkByHand does what `systemctl --user enable` does.
func (in *Installer) linkByHand(unit, link string) error {
	if _, err := os.Lstat(link); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(link), err)
	}
	if err := os.Symlink(unit, link); err != nil {
		return fmt.Errorf("enable %s: %w", filepath.Base(unit), err)
	}
	return nil
}

// UninstallService stops the watch service and removes its file.
func (in *Installer) UninstallService() (Result, error) {
	p := in.ServicePath()
	if err := in.checkOurs(p); err != nil {
		return Result{Path: p}, err
	}
	if in.Platform == "darwin" {
		if in.Getenv("XPC_SERVICE_NAME") != WatchLabel && in.loadedJob(WatchLabel) {
			if out, err := in.Run("launchctl", "bootout", in.target(WatchLabel)); err != nil {
				return Result{Path: p}, fmt.Errorf("launchctl bootout %s: %w: %s", in.target(WatchLabel), err, firstLine(out))
			}
			in.waitJobGone(WatchLabel)
		}
		return in.remove(p)
	}
	unit := WatchName + ".service"
	usable := in.systemctlUsable()
	if usable {
		if _, err := os.Stat(p); err == nil {
			if err := in.systemctl([]string{"--user", "disable", "--now", unit}); err != nil {
				return Result{Path: p}, err
			}
		}
	}
	if err := removeIfExists(in.serviceWants()); err != nil {
		return Result{Path: p}, err
	}
	r, err := in.remove(p)
	if err == nil && r.Changed && usable {
		in.Run("systemctl", "--user", "daemon-reload") // best effort
	}
	return r, err
}

// ServiceStatus reports whether the watch service is installed and
// running, and (Linux) whether linger is on.
func (in *Installer) ServiceStatus() (ServiceState, error) {
	st := in.lingerState()
	st.Path = in.ServicePath()
	data, err := os.ReadFile(st.Path)
	switch {
	case err == nil:
		st.Installed, st.Ours = true, strings.Contains(string(data), Marker)
	case !errors.Is(err, fs.ErrNotExist):
		return st, fmt.Errorf("read %s: %w", st.Path, err)
	}
	if in.Platform == "darwin" {
		st.Running, st.RunningKnown = in.loadedJob(WatchLabel), true
		return st, nil
	}
	if in.systemctlUsable() {
		out, _ := in.Run("systemctl", "--user", "is-active", WatchName+".service")
		st.Running, st.RunningKnown = firstLine(out) == "active", true
	}
	return st, nil
}

// lingerState reads logind's linger flag for the user (Linux only).
func (in *Installer) lingerState() ServiceState {
	st := ServiceState{User: in.Getenv("USER")}
	if in.Platform == "darwin" || st.User == "" || strings.ContainsAny(st.User, "/\x00") {
		return st
	}
	dir := in.LingerDir
	if dir == "" {
		dir = lingerDir
	}
	_, err := os.Stat(filepath.Join(dir, st.User))
	st.Linger, st.LingerKnown = err == nil, err == nil || errors.Is(err, fs.ErrNotExist)
	return st
}

func (in *Installer) installWatchAgent() (Result, error) {
	p := in.ServicePath()
	r, err := in.put(p, WatchPlist(in.Exe, in.Home))
	if err != nil {
		return r, err
	}
	if in.launchdDisabledJob(WatchLabel) {
		if out, err := in.Run("launchctl", "enable", in.target(WatchLabel)); err != nil {
			return r, fmt.Errorf("launchctl enable %s: %w: %s", in.target(WatchLabel), err, firstLine(out))
		}
	}
	if in.loadedJob(WatchLabel) {
		if !r.Changed {
			r.Notes = append(r.Notes, "the LaunchAgent is already loaded and running.")
			return r, nil
		}
		in.Run("launchctl", "bootout", in.target(WatchLabel))
		in.waitJobGone(WatchLabel)
	}
	if err := in.bootstrap(p); err != nil {
		return r, err
	}
	r.Notes = append(r.Notes, "loaded with launchctl bootstrap "+in.domain()+"; it runs while you are logged in and is restarted if it fails.")
	return r, nil
}

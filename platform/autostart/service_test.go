package autostart

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/golden"
)

// fakeManager is systemctl --user and launchctl for the watch service:
// usable says a user manager answers; busyFor makes that many bootstraps
// fail with launchd's 5 (Input/output error), as while a booted-out job is
// still being torn down; lingering is how many prints still see a job
// after its bootout.
type fakeManager struct {
	in                 *Installer
	calls              []string
	usable, active     bool
	loaded             bool
	busyFor, lingering int
	linger             int // what a bootout sets lingering to
	slept              time.Duration
}

func newManager(t *testing.T, platform string) *fakeManager {
	root := t.TempDir()
	f := &fakeManager{usable: true}
	env := map[string]string{"USER": "tester"}
	f.in = &Installer{
		Home: filepath.Join(root, "home"), Exe: "/usr/bin/authtray", Platform: platform, UID: 501,
		Getenv:    func(k string) string { return env[k] },
		LookPath:  func(string) (string, error) { return "/usr/bin/systemctl", nil },
		Run:       f.run,
		Sleep:     func(d time.Duration) { f.slept += d },
		LingerDir: filepath.Join(root, "linger"),
	}
	return f
}

func (f *fakeManager) run(name string, args ...string) ([]byte, error) {
	call := name + " " + strings.Join(args, " ")
	f.calls = append(f.calls, call)
	switch call {
	case "systemctl --user show-environment":
		if !f.usable {
			return []byte("Failed to connect to bus: No medium found"), exitErr(1)
		}
	case "systemctl --user enable authtray-watch.service":
		os.MkdirAll(filepath.Dir(f.in.serviceWants()), 0o755)
		os.Symlink(f.in.ServicePath(), f.in.serviceWants())
	case "systemctl --user start authtray-watch.service", "systemctl --user restart authtray-watch.service":
		f.active = true
	case "systemctl --user disable --now authtray-watch.service":
		os.Remove(f.in.serviceWants())
		f.active = false
	case "systemctl --user is-active authtray-watch.service":
		if !f.active {
			return []byte("inactive\n"), exitErr(3)
		}
		return []byte("active\n"), nil
	case "launchctl print gui/501/" + WatchLabel:
		if f.lingering > 0 {
			f.lingering--
			return []byte("state = running"), nil
		}
		if !f.loaded {
			return []byte("Could not find service"), exitErr(113)
		}
	case "launchctl bootstrap gui/501 " + f.in.ServicePath():
		if f.busyFor > 0 {
			f.busyFor--
			return []byte("Bootstrap failed: 5: Input/output error"), exitErr(5)
		}
		f.loaded = true
	case "launchctl bootout gui/501/" + WatchLabel:
		f.loaded, f.lingering = false, f.linger
	}
	return nil, nil
}

func (f *fakeManager) ran(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(f.calls, w) {
			t.Errorf("did not run %q; ran %q", w, f.calls)
		}
	}
	f.calls = nil
}

func TestServiceSystemd(t *testing.T) {
	f := newManager(t, "linux")
	r, err := f.in.InstallService()
	if err != nil {
		t.Fatal(err)
	}
	f.ran(t, "systemctl --user daemon-reload", "systemctl --user enable authtray-watch.service", "systemctl --user restart authtray-watch.service")
	if !r.Changed || r.Path != f.in.ServicePath() || !strings.HasSuffix(r.Path, ".config/systemd/user/authtray-watch.service") {
		t.Errorf("install = %+v", r)
	}
	if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "loginctl enable-linger tester") }) {
		t.Errorf("no linger hint with linger off: %q", r.Notes)
	}
	st, _ := f.in.ServiceStatus()
	if !st.Installed || !st.Ours || !st.Running || !st.RunningKnown || st.Linger || !st.LingerKnown {
		t.Errorf("status = %+v", st)
	}
	// Again: nothing changed, so start, not restart; linger on now.
	os.MkdirAll(f.in.LingerDir, 0o755)
	os.WriteFile(filepath.Join(f.in.LingerDir, "tester"), nil, 0o644)
	r, _ = f.in.InstallService()
	f.ran(t, "systemctl --user start authtray-watch.service")
	if r.Changed || slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "linger") }) {
		t.Errorf("second install = %+v", r)
	}
	// The tray's autostart is a different thing and stays off.
	if st, _ := f.in.State(Systemd); st.Enabled {
		t.Error("installing the watch service enabled the tray's systemd unit")
	}
	r, err = f.in.UninstallService()
	f.ran(t, "systemctl --user disable --now authtray-watch.service", "systemctl --user daemon-reload")
	if err != nil || !r.Changed {
		t.Errorf("uninstall = %+v %v", r, err)
	}
	if st, _ := f.in.ServiceStatus(); st.Installed || st.Running {
		t.Errorf("status after uninstall = %+v", st)
	}
}

func TestServiceSystemdUnusable(t *testing.T) {
	f := newManager(t, "linux")
	f.usable = false
	r, err := f.in.InstallService()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Notes) == 0 || !strings.HasPrefix(r.Notes[0], "systemctl --user is not usable here (no systemd user manager), so the unit was written and enabled but not started") {
		t.Errorf("notes = %q", r.Notes)
	}
	if dst, err := os.Readlink(f.in.serviceWants()); err != nil || dst != f.in.ServicePath() {
		t.Errorf("not linked into default.target.wants by hand: %q %v", dst, err)
	}
	for _, c := range f.calls {
		if c != "systemctl --user show-environment" {
			t.Errorf("ran %q with no user manager", c)
		}
	}
	st, _ := f.in.ServiceStatus()
	if !st.Installed || st.RunningKnown {
		t.Errorf("status = %+v", st)
	}
	if _, err := f.in.UninstallService(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(f.in.serviceWants()); err == nil {
		t.Error("uninstall left the wants link")
	}
}

func TestServiceRefusesOthersFiles(t *testing.T) {
	f := newManager(t, "linux")
	os.MkdirAll(filepath.Dir(f.in.ServicePath()), 0o755)
	os.WriteFile(f.in.ServicePath(), []byte("[Service]\nExecStart=/usr/bin/mine\n"), 0o644)
	if _, err := f.in.InstallService(); !errors.Is(err, ErrNotOurs) {
		t.Errorf("install over a user's unit = %v", err)
	}
	if _, err := f.in.UninstallService(); !errors.Is(err, ErrNotOurs) {
		t.Errorf("uninstall of a user's unit = %v", err)
	}
	if st, _ := f.in.ServiceStatus(); !st.Installed || st.Ours {
		t.Errorf("status = %+v", st)
	}
}

func TestServiceLaunchdRetriesBootstrap(t *testing.T) {
	f := newManager(t, "darwin")
	f.busyFor = 7
	r, err := f.in.InstallService()
	if err != nil {
		t.Fatal(err)
	}
	if !f.loaded || f.busyFor != 0 || f.slept != 7*launchdPoll {
		t.Errorf("loaded %v busy left %d slept %v", f.loaded, f.busyFor, f.slept)
	}
	if !strings.HasSuffix(r.Path, "Library/LaunchAgents/io.github.authtray.watch.plist") || !strings.Contains(r.Notes[0], "launchctl bootstrap gui/501") {
		t.Errorf("install = %+v", r)
	}
	// A changed plist: bootout, wait until launchd lets go, bootstrap.
	os.WriteFile(f.in.ServicePath(), []byte("<!-- "+Marker+" --> old"), 0o644)
	f.linger, f.slept = 3, 0
	if _, err := f.in.InstallService(); err != nil {
		t.Fatal(err)
	}
	if !f.loaded || f.slept != 3*launchdPoll {
		t.Errorf("reload: loaded %v slept %v", f.loaded, f.slept)
	}
	st, _ := f.in.ServiceStatus()
	if !st.Installed || !st.Running || st.LingerKnown {
		t.Errorf("status = %+v", st)
	}
	if _, err := f.in.UninstallService(); err != nil || f.loaded {
		t.Errorf("uninstall: %v, loaded %v", err, f.loaded)
	}
}

func TestServiceLaunchdGivesUp(t *testing.T) {
	f := newManager(t, "darwin")
	f.busyFor = 1 << 20
	_, err := f.in.InstallService()
	if err == nil || !strings.Contains(err.Error(), "launchctl bootstrap gui/501") || f.slept < bootstrapWait {
		t.Errorf("err %v after %v", err, f.slept)
	}
}

func TestServiceGoldenFiles(t *testing.T) {
	golden.Check(t, "testdata/authtray-watch.service", WatchUnit("/usr/bin/authtray"))
	golden.Check(t, "testdata/authtray-watch-odd-path.service", WatchUnit(oddExe))
	golden.Check(t, "testdata/io.github.authtray.watch.plist", WatchPlist("/Applications/authtray.app/Contents/MacOS/authtray", "/Users/me"))
}

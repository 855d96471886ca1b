package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/golden"
)

// fakeSys is a temp home plus a fake systemctl/launchctl that records its
// calls and does to the disk what the real ones do.
type fakeSys struct {
	t        *testing.T
	in       *Installer
	calls    []string
	loaded   bool // launchd job loaded
	systemd  bool // a user manager answers
	sysEntry string
	// launchd's asynchronous side: after a bootout, print still knows the
	// job for lingering calls, and bootstrap fails with busy (5 or 37)
	// for the next busyFor calls; disabled is launchd's own switch.
	lingering, busyFor, busy int
	// linger is what a bootout sets lingering to.
	linger   int
	disabled bool
	slept    time.Duration
}

// exitErr is a command's failure with its exit status, as exec's is.
type exitErr int

func (e exitErr) Error() string { return "exit status " + strconv.Itoa(int(e)) }
func (e exitErr) ExitCode() int { return int(e) }

func newFake(t *testing.T, platform string) *fakeSys {
	t.Helper()
	root := t.TempDir()
	f := &fakeSys{t: t, systemd: true}
	env := map[string]string{"XDG_CONFIG_DIRS": filepath.Join(root, "etc", "xdg")}
	f.sysEntry = filepath.Join(root, "etc", "xdg", "autostart", "authtray.desktop")
	f.in = &Installer{
		Home:     filepath.Join(root, "home"),
		Exe:      "/usr/bin/authtray",
		Getenv:   func(k string) string { return env[k] },
		Platform: platform,
		UID:      501,
		StartNow: true,
		LookPath: func(string) (string, error) { return "/usr/bin/systemctl", nil },
		Run:      f.run,
		Sleep:    func(d time.Duration) { f.slept += d },
	}
	return f
}

func (f *fakeSys) run(name string, args ...string) ([]byte, error) {
	call := name + " " + strings.Join(args, " ")
	f.calls = append(f.calls, call)
	link := f.in.wantsLink()
	switch call {
	case "systemctl --user show-environment":
		if !f.systemd {
			return []byte("Failed to connect to bus"), errors.New("exit status 1")
		}
	case "systemctl --user enable authtray.service":
		os.MkdirAll(filepath.Dir(link), 0o755)
		os.Symlink(f.in.Path(Systemd), link)
	case "systemctl --user disable authtray.service":
		os.Remove(link)
	case "launchctl print gui/501/io.github.authtray":
		if f.lingering > 0 {
			f.lingering--
			return []byte("state = running"), nil
		}
		if !f.loaded {
			return []byte("Could not find service"), exitErr(113)
		}
	case "launchctl print-disabled gui/501":
		v := "enabled"
		if f.disabled {
			v = "disabled"
		}
		return []byte("disabled services = {\n\t\"com.apple.Siri.agent\" => disabled\n\t\"io.github.authtray\" => " + v + "\n}\n"), nil
	case "launchctl enable gui/501/io.github.authtray":
		f.disabled = false
	case "launchctl bootstrap gui/501 " + f.in.Path(LaunchAgent):
		if f.busyFor > 0 {
			f.busyFor--
			f.busy++
			if f.busy%2 == 0 {
				return []byte("Bootstrap failed: 37: Operation already in progress"), exitErr(37)
			}
			return []byte("Bootstrap failed: 5: Input/output error"), exitErr(5)
		}
		if f.loaded {
			return []byte("Bootstrap failed: 5: Input/output error"), exitErr(5)
		}
		f.loaded = true
	case "launchctl bootout gui/501/io.github.authtray":
		f.loaded, f.lingering = false, f.linger
	}
	return nil, nil
}

func (f *fakeSys) enabled(m Mechanism) bool {
	f.t.Helper()
	st, err := f.in.State(m)
	if err != nil {
		f.t.Fatal(err)
	}
	return st.Enabled
}

func (f *fakeSys) must(r Result, err error) Result {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func TestXDGRoundTrip(t *testing.T) {
	f := newFake(t, "linux")
	if f.enabled(XDG) {
		t.Fatal("enabled before Enable")
	}
	r := f.must(f.in.Enable(XDG))
	if !r.Changed || r.Path != filepath.Join(f.in.Home, ".config", "autostart", "authtray.desktop") {
		t.Errorf("Enable = %+v", r)
	}
	got, _ := os.ReadFile(r.Path)
	golden.Check(t, "testdata/autostart.desktop", got)
	if !f.enabled(XDG) {
		t.Error("not enabled after Enable")
	}
	if r := f.must(f.in.Enable(XDG)); r.Changed {
		t.Error("second Enable changed something")
	}
	if r := f.must(f.in.Disable(XDG)); !r.Changed {
		t.Error("Disable changed nothing")
	}
	if _, err := os.Stat(r.Path); !os.IsNotExist(err) {
		t.Errorf("file still there after Disable: %v", err)
	}
	if r := f.must(f.in.Disable(XDG)); r.Changed {
		t.Error("second Disable changed something")
	}
	if len(f.calls) != 0 {
		t.Errorf("XDG ran commands: %q", f.calls)
	}
}

func TestXDGSystemEntry(t *testing.T) {
	f := newFake(t, "linux")
	os.MkdirAll(filepath.Dir(f.sysEntry), 0o755)
	os.WriteFile(f.sysEntry, DesktopEntry(Entry{Exe: "/usr/bin/authtray", Autostart: true}), 0o644)
	st, _ := f.in.State(XDG)
	if !st.Enabled || st.Path != f.sysEntry {
		t.Fatalf("State with a package entry = %+v", st)
	}
	r := f.must(f.in.Disable(XDG))
	got, _ := os.ReadFile(r.Path)
	golden.Check(t, "testdata/autostart-hidden.desktop", got)
	if f.enabled(XDG) {
		t.Error("enabled after Disable wrote the override")
	}
	f.must(f.in.Enable(XDG))
	if _, err := os.Stat(f.in.Path(XDG)); !os.IsNotExist(err) {
		t.Errorf("Enable left the override in place: %v", err)
	}
	if !f.enabled(XDG) {
		t.Error("not enabled after Enable removed the override")
	}
}

func TestNeverClobbersUserFiles(t *testing.T) {
	for _, m := range []Mechanism{XDG, Systemd, LaunchAgent} {
		t.Run(string(m), func(t *testing.T) {
			f := newFake(t, "linux")
			p := f.in.Path(m)
			os.MkdirAll(filepath.Dir(p), 0o755)
			mine := []byte("# my own, hand-written\n")
			os.WriteFile(p, mine, 0o644)
			for op, fn := range map[string]func(Mechanism) (Result, error){"Enable": f.in.Enable, "Disable": f.in.Disable} {
				_, err := fn(m)
				if !errors.Is(err, ErrNotOurs) || !strings.Contains(err.Error(), p) {
					t.Errorf("%s over a user file: err = %v, want ErrNotOurs naming %s", op, err, p)
				}
			}
			if got, _ := os.ReadFile(p); string(got) != string(mine) {
				t.Errorf("user file changed to %q", got)
			}
		})
	}
}

func TestSystemd(t *testing.T) {
	f := newFake(t, "linux")
	f.must(f.in.Enable(XDG))
	r := f.must(f.in.Enable(Systemd))
	got, _ := os.ReadFile(r.Path)
	golden.Check(t, "testdata/authtray.service", got)
	if !f.enabled(Systemd) || f.enabled(XDG) {
		t.Errorf("after Enable(Systemd): systemd %v, xdg %v; want only systemd", f.enabled(Systemd), f.enabled(XDG))
	}
	want := []string{
		"systemctl --user show-environment",
		"systemctl --user daemon-reload",
		"systemctl --user enable authtray.service",
	}
	if !reflect.DeepEqual(f.calls, want) {
		t.Errorf("calls = %q, want %q", f.calls, want)
	}
	f.calls = nil
	f.must(f.in.Disable(Systemd))
	if f.enabled(Systemd) {
		t.Error("enabled after Disable")
	}
	if _, err := os.Stat(r.Path); !os.IsNotExist(err) {
		t.Errorf("unit still there: %v", err)
	}
	if !strings.Contains(strings.Join(f.calls, "\n"), "systemctl --user disable authtray.service") {
		t.Errorf("Disable did not run systemctl disable: %q", f.calls)
	}
}

// Without a usable systemctl --user, enabling links the unit by hand (as
// systemctl enable would) and only then turns XDG off: something is always
// enabled afterwards, with or without a package's system-wide entry.
func TestSystemdUnusable(t *testing.T) {
	for _, pkg := range []bool{false, true} {
		f := newFake(t, "linux")
		f.systemd = false
		if pkg {
			os.MkdirAll(filepath.Dir(f.sysEntry), 0o755)
			os.WriteFile(f.sysEntry, DesktopEntry(Entry{Exe: "/usr/bin/authtray", Autostart: true}), 0o644)
		} else {
			f.must(f.in.Enable(XDG))
		}
		r := f.must(f.in.Enable(Systemd))
		if _, err := os.Stat(r.Path); err != nil {
			t.Fatalf("unit not written: %v", err)
		}
		if !f.enabled(Systemd) || f.enabled(XDG) {
			t.Errorf("package %v: systemd %v, xdg %v; want only systemd", pkg, f.enabled(Systemd), f.enabled(XDG))
		}
		if dst, err := os.Readlink(f.in.wantsLink()); err != nil || dst != r.Path {
			t.Errorf("wants link -> %q, %v; want %s", dst, err, r.Path)
		}
		for _, c := range f.calls {
			if c != "systemctl --user show-environment" {
				t.Errorf("ran %q without a usable user manager", c)
			}
		}
		if r := f.must(f.in.Enable(Systemd)); r.Changed {
			t.Error("second Enable changed something")
		}
		f.must(f.in.Disable(Systemd))
		if _, err := os.Stat(r.Path); !os.IsNotExist(err) {
			t.Errorf("unit still there: %v", err)
		}
		if _, err := os.Lstat(f.in.wantsLink()); !os.IsNotExist(err) {
			t.Errorf("wants link still there: %v", err)
		}
	}
}

// A failing Enable leaves the mechanism that was on alone.
func TestEnableFailureKeepsTheOther(t *testing.T) {
	f := newFake(t, "linux")
	f.must(f.in.Enable(XDG))
	p := f.in.Path(Systemd)
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("# my own\n"), 0o644)
	if _, err := f.in.Enable(Systemd); !errors.Is(err, ErrNotOurs) {
		t.Fatalf("Enable over a user unit: %v", err)
	}
	if !f.enabled(XDG) {
		t.Error("XDG turned off although systemd was not enabled")
	}
}

// The tray's checkbox: on when any mechanism is; off turns all of them off.
func TestAnyEnabledAndDisableAll(t *testing.T) {
	f := newFake(t, "linux")
	f.must(f.in.Enable(Systemd))
	if on, err := f.in.AnyEnabled(); !on || err != nil {
		t.Errorf("AnyEnabled with the systemd unit = %v, %v", on, err)
	}
	// Both on (by hand, or from an older authtray).
	f.must(f.in.put(f.in.Path(XDG), DesktopEntry(Entry{Exe: f.in.Exe, Autostart: true, Generated: true})))
	turned, err := f.in.DisableAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(turned) != 2 || turned[0].Mechanism != XDG || !turned[0].Result.Changed || turned[1].Mechanism != Systemd || !turned[1].Result.Changed {
		t.Errorf("DisableAll reported %+v, want both turned off", turned)
	}
	// Nothing left on: each is reported as already off, with its file.
	turned, err = f.in.DisableAll()
	if err != nil || len(turned) != 2 || turned[0].Result.Changed || turned[1].Result.Changed || turned[1].Result.Path != f.in.Path(Systemd) {
		t.Errorf("DisableAll again = %+v, %v", turned, err)
	}
	if f.enabled(XDG) || f.enabled(Systemd) {
		t.Errorf("after DisableAll: xdg %v, systemd %v", f.enabled(XDG), f.enabled(Systemd))
	}
	if on, err := f.in.AnyEnabled(); on || err != nil {
		t.Errorf("AnyEnabled after DisableAll = %v, %v", on, err)
	}
}

func TestLaunchAgent(t *testing.T) {
	f := newFake(t, "darwin")
	f.in.Exe = "/Applications/authtray.app/Contents/MacOS/authtray"
	if f.in.DefaultMechanism() != LaunchAgent {
		t.Fatalf("darwin default = %s", f.in.DefaultMechanism())
	}
	r := f.must(f.in.Enable(LaunchAgent))
	if r.Path != filepath.Join(f.in.Home, "Library", "LaunchAgents", "io.github.authtray.plist") {
		t.Errorf("path %s", r.Path)
	}
	got, _ := os.ReadFile(r.Path)
	golden.Check(t, "testdata/io.github.authtray.plist", got)
	if !f.loaded {
		t.Errorf("not bootstrapped; calls %q", f.calls)
	}
	// Already loaded with the same plist: nothing to do, no error.
	f.calls = nil
	f.must(f.in.Enable(LaunchAgent))
	if want := []string{"launchctl print-disabled gui/501", "launchctl print gui/501/io.github.authtray"}; !reflect.DeepEqual(f.calls, want) {
		t.Errorf("second Enable calls = %q, want %q", f.calls, want)
	}
	f.must(f.in.Disable(LaunchAgent))
	if f.loaded || f.enabled(LaunchAgent) {
		t.Errorf("still loaded %v / enabled %v after Disable", f.loaded, f.enabled(LaunchAgent))
	}
}

// The tray itself, started by launchd, must not boot itself out.
func TestLaunchAgentDisableFromTheAgent(t *testing.T) {
	f := newFake(t, "darwin")
	f.in.Exe = "/Applications/authtray.app/Contents/MacOS/authtray"
	f.must(f.in.Enable(LaunchAgent))
	f.in.Getenv = func(k string) string {
		if k == "XPC_SERVICE_NAME" {
			return Label
		}
		return ""
	}
	f.must(f.in.Disable(LaunchAgent))
	if !f.loaded {
		t.Error("booted out the running agent")
	}
	if f.enabled(LaunchAgent) {
		t.Error("plist still there")
	}
}

func TestEnableRefusesTemporaryBuilds(t *testing.T) {
	f := newFake(t, "linux")
	for _, exe := range []string{filepath.Join(os.TempDir(), "go-build123", "b001", "exe", "authtray"), "authtray"} {
		f.in.Exe = exe
		if _, err := f.in.Enable(XDG); err == nil {
			t.Errorf("Enable with exe %q succeeded", exe)
		}
	}
}

// Re-enabling right after a disable (or with a changed plist): launchd
// still knows the booted-out job for a while and refuses the bootstrap
// with 5 or 37 meanwhile. Enable waits for print to forget the job, then
// retries, within its bounds; past them it says what launchctl said.
func TestLaunchAgentReEnable(t *testing.T) {
	for _, tt := range []struct {
		lingering, busyFor int
		ok                 bool
	}{
		{0, 0, true}, {3, 0, true}, {0, 4, true}, {20, 30, true},
		{int(launchdGoneWait/launchdPoll) + 5, 0, true}, // print never forgets in time: bootstrap's retries cover it
		{0, int(bootstrapWait/launchdPoll) + 5, false},
	} {
		t.Run(fmt.Sprintf("print knows it %d more times, bootstrap busy %d times", tt.lingering, tt.busyFor), func(t *testing.T) {
			f := newFake(t, "darwin")
			f.in.Exe = "/Applications/authtray.app/Contents/MacOS/authtray"
			f.must(f.in.Enable(LaunchAgent))
			f.must(f.in.Disable(LaunchAgent))
			f.lingering, f.busyFor, f.slept = tt.lingering, tt.busyFor, 0
			// The old job is still being torn down when the plist returns.
			f.loaded = false
			_, err := f.in.Enable(LaunchAgent)
			if tt.ok != (err == nil) {
				t.Fatalf("Enable: %v (calls %q)", err, f.calls)
			}
			if !tt.ok {
				if !strings.Contains(err.Error(), "Bootstrap failed") {
					t.Errorf("error %q does not say what launchctl said", err)
				}
				if f.slept > launchdGoneWait+bootstrapWait+launchdPoll {
					t.Errorf("waited %v, past the bounds", f.slept)
				}
				return
			}
			if !f.loaded || !f.enabled(LaunchAgent) {
				t.Errorf("loaded %v, enabled %v", f.loaded, f.enabled(LaunchAgent))
			}
			if f.slept > launchdGoneWait+bootstrapWait {
				t.Errorf("waited %v", f.slept)
			}
		})
	}
}

// A changed plist while loaded: bootout, wait until launchd forgets the
// job, then bootstrap (never back to back).
func TestLaunchAgentReloadWaitsForTeardown(t *testing.T) {
	f := newFake(t, "darwin")
	f.in.Exe = "/Applications/authtray.app/Contents/MacOS/authtray"
	f.must(f.in.Enable(LaunchAgent))
	f.in.Exe = "/Users/me/Applications/authtray.app/Contents/MacOS/authtray"
	f.calls, f.linger = nil, 2
	f.must(f.in.Enable(LaunchAgent))
	var seq []string
	for _, c := range f.calls {
		seq = append(seq, strings.TrimPrefix(strings.Fields(c)[1], "print-"))
	}
	// print-disabled → print (loaded) → bootout → print ×3 (two lingering, then gone) → bootstrap
	if got := strings.Join(seq, " "); got != "disabled print bootout print print print bootstrap" {
		t.Errorf("launchctl sequence %q", got)
	}
}

// The checkbox reads launchd's own switch: a plist that launchd will not
// load (Login Items switch off) is off, and enabling turns the switch on.
func TestLaunchAgentDisabledByLaunchd(t *testing.T) {
	f := newFake(t, "darwin")
	f.in.Exe = "/Applications/authtray.app/Contents/MacOS/authtray"
	f.in.StartNow = false
	f.must(f.in.Enable(LaunchAgent))
	f.disabled = true
	st, err := f.in.State(LaunchAgent)
	if err != nil || st.Enabled || !strings.Contains(st.Note, "Login Items") {
		t.Fatalf("State with launchd's switch off = %+v, %v; want off, noted", st, err)
	}
	if on, _ := f.in.AnyEnabled(); on {
		t.Error("AnyEnabled (the tray's checkbox) is on")
	}
	r := f.must(f.in.Enable(LaunchAgent))
	if f.disabled || !r.Changed || !f.enabled(LaunchAgent) {
		t.Errorf("after Enable: launchd switch off %v, changed %v, enabled %v", f.disabled, r.Changed, f.enabled(LaunchAgent))
	}
	if f.loaded {
		t.Error("the tray's Enable (StartNow false) loaded the job")
	}
}

func TestDisabledIn(t *testing.T) {
	for out, want := range map[string]bool{
		"disabled services = {\n\t\"io.github.authtray\" => disabled\n}": true,
		"disabled services = {\n\t\"io.github.authtray\" => enabled\n}":  false,
		"\t\"io.github.authtray\" => true\n":                             true,
		"\t\"io.github.authtray\" => false\n":                            false,
		"\t\"io.github.authtray.helper\" => disabled\n":                  false,
		"": false,
	} {
		if got := disabledIn([]byte(out), Label); got != want {
			t.Errorf("disabledIn(%q) = %v, want %v", out, got, want)
		}
	}
}

package desktope2e

import (
	"errors"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/tray"
)

// Messages authtray prints (tray/bus_linux.go).
const (
	noBusLine     = "authtray: No desktop session bus: the tray and its notifications can't start; run `authtray status` in a terminal instead."
	noWatcherLine = "authtray: No system tray yet (no StatusNotifierWatcher on the session bus): authtray keeps running and its icon appears when the panel starts."
)

// TestNoBus: DBUS_SESSION_BUS_ADDRESS points at nothing. authtray says so in
// one line and exits 1, without a panic.
func TestNoBus(t *testing.T) {
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	dir := t.TempDir()
	f := newFixture(t, dir, time.Now(), 3*time.Hour, 300*24*time.Hour)
	cmd := exec.Command(authtray)
	cmd.Env = append([]string{
		"PATH=/usr/bin:/bin",
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(dir, "no-such-bus"),
		"XDG_RUNTIME_DIR=" + dir,
		runMarker + "=" + dir,
	}, f.env()...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("authtray kept running for 10 s with no bus; stderr: %s", stderr.String())
	}
	t.Logf("exited in %v: %v; stderr: %q", time.Since(start).Round(time.Millisecond), err, stderr.String())
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	if got := strings.TrimSpace(stderr.String()); got != noBusLine {
		t.Errorf("stderr = %q, want the one line %q", got, noBusLine)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout = %q, want nothing", stdout.String())
	}
	// Nothing ran that needs the bus: no notification ledger was written.
	if _, err := os.Stat(filepath.Join(f.home, ".local", "state", "authtray")); err == nil {
		t.Errorf("a state dir was written although nothing could be shown")
	}
}

// TestLatePanelNoServer: authtray starts before the panel (an autostart
// racing the desktop) and with no notification server. It keeps running, its
// menu says notifications are unavailable, its icon appears once the panel
// comes up, and the notification it could not show is shown once a server is
// there (nothing lost).
func TestLatePanelNoServer(t *testing.T) {
	d := newDesktop(t)
	mon := d.watchNotifications()
	// Expiring (amber): the Claude Code login ends in 3 h; the gateway
	// token is good for 300 days.
	f := newFixture(t, d.dir, time.Now(), 3*time.Hour, 300*24*time.Hour)
	a := d.startApp(t, f, "PATH=/usr/bin:/bin")

	t.Run("no-panel-yet", func(t *testing.T) {
		d.waitFor(t, "the no-tray line", 5*time.Second, func() bool { return strings.Contains(a.log.String(), noWatcherLine) })
		// The menu is served on the bus all the same.
		m, _ := a.waitMenu(t, d, 5*time.Second, has("claude-code"))
		t.Logf("menu:\n%s", strings.Join(labels(m), "\n"))
		if it, _ := find(m, "Notifications unavailable"); it.Label != "Notifications unavailable: no notification server" || it.Enabled {
			t.Errorf("menu line %+v, want a disabled \"Notifications unavailable: no notification server\"", it)
		}
		c, err := a.item.iconColour()
		if err != nil || c != amber {
			t.Errorf("IconPixmap colour %s (%v), want amber %s", hex(c), err, hex(amber))
		}
	})

	t.Run("no-server-log", func(t *testing.T) {
		const want = `authtray: notification "claude-code login ends in 3 h" not shown: show notification: dbus: error sending notification: The name org.freedesktop.Notifications was not provided by any .service files`
		d.waitFor(t, "the not-shown line", 5*time.Second, func() bool { return strings.Contains(a.log.String(), want) })
		for _, l := range strings.Split(a.log.String(), "\n") {
			if strings.Contains(l, "panic") || strings.HasPrefix(l, "goroutine ") {
				t.Errorf("log has %q", l)
			}
		}
		if a.exited() {
			t.Fatalf("authtray exited: %v", a.err)
		}
	})

	t.Run("panel-starts", func(t *testing.T) {
		start := time.Now()
		d.startPanel(t)
		took := d.waitFor(t, "the item registered with the late panel", 10*time.Second, a.item.registered)
		t.Logf("registered %v after the panel started (%v after its tray host was up)", time.Since(start).Round(time.Millisecond), took.Round(time.Millisecond))
		var n, off int
		want, _ := colourIn(tray.PanelRender(profile.Expiring, tray.TraySize), image.Rect(0, 0, tray.TraySize, tray.TraySize), amber)
		d.waitFor(t, "the amber glyph drawn in the panel", 5*time.Second, func() bool {
			shot := d.screenshot(t)
			n, _ = colourIn(shot, image.Rect(0, 0, 400, 32), amber)
			_, off = findIcon(shot, image.Rect(0, 0, 400, 32), profile.Expiring)
			return n >= want && off <= 4
		})
		t.Logf("panel draws %d amber %s pixels (the glyph has %d), the expiring glyph %d pixels off", n, hex(amber), want, off)
	})

	t.Run("server-starts", func(t *testing.T) {
		before := len(mon.all())
		d.startDunst(t)
		// The next scan (here "Refresh now"; otherwise the next file
		// change or timer) sends what could not be shown.
		m, _ := a.waitMenu(t, d, 5*time.Second, has("Refresh now"))
		it, _ := find(m, "Refresh now")
		if err := a.item.click(it.ID); err != nil {
			t.Fatal(err)
		}
		d.waitFor(t, "the held-back notification", 5*time.Second, func() bool { return len(mon.since(before)) >= 1 })
		time.Sleep(500 * time.Millisecond)
		checkNotifications(t, mon.since(before), []notification{
			{App: "authtray", Summary: "claude-code login ends in 3 h", Body: "claude-code (Claude Code) login ends in 3 h. Click to re-authenticate."},
		})
		m, _ = a.waitMenu(t, d, 5*time.Second, func(ls []string) bool { return !contains(ls, "Notifications unavailable") })
	})
}

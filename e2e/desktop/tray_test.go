package desktope2e

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/tray"
)

// State colours of the icon (tray/icon.go), as the user sees them.
var (
	amber = color.RGBA{0xE8, 0xA3, 0x17, 0xFF}
	red   = color.RGBA{0xD9, 0x3A, 0x2B, 0xFF}
)

// TestTray runs one authtray after another on one shared desktop (panel and
// dunst up), against one fixture HOME: a Claude Code login that ends in
// 3 h (expiring) and a gateway setup-token that expired 2 h ago (expired,
// the worst state). The subtests run in order and build on each other.
func TestTray(t *testing.T) {
	d, mon := newFullDesktop(t)

	now := time.Now()
	f := newFixture(t, d.dir, now, 3*time.Hour, -(2*time.Hour + 30*time.Second))
	stub := writeClaudeStub(t, d.dir)
	envToken := fakeToken("oat", "ENVTOK")
	f.secrets = append(f.secrets, envToken)
	appEnv := []string{
		"PATH=" + stub.dir + ":/usr/bin:/bin",
		"TERMINAL=xterm",
		"CLAUDE_CODE_OAUTH_TOKEN=" + envToken,
	}

	a := d.startApp(t, f, appEnv...)
	var menu []entry

	t.Run("registered", func(t *testing.T) {
		took := d.waitFor(t, "the item in RegisteredStatusNotifierItems", 10*time.Second, a.item.registered)
		t.Logf("registered with the panel's StatusNotifierWatcher %v after start", took.Round(time.Millisecond))
		title, err := a.item.prop("Title")
		if err != nil || title != "authtray" {
			t.Errorf("Title = %v (%v), want authtray", title, err)
		}
	})

	t.Run("single-instance", func(t *testing.T) {
		// A second tray for the same user (a login item and a click on the
		// app) says so and leaves: no second icon, no doubled notifications.
		env := append(append(append([]string(nil), d.env...), f.env()...), appEnv...)
		second := d.start(t, "authtray (second)", []string{authtray}, env)
		select {
		case <-second.done:
		case <-time.After(10 * time.Second):
			t.Fatalf("a second tray kept running:\n%s", second.log.String())
		}
		if second.err != nil || !strings.Contains(second.log.String(), "already running") {
			t.Errorf("second tray: exit %v, log %q; want exit 0 saying it is already running", second.err, second.log.String())
		}
		if a.exited() {
			t.Fatalf("the first tray exited: %v", a.err)
		}
	})

	t.Run("menu", func(t *testing.T) {
		menu, _ = a.waitMenu(t, d, 10*time.Second, has("anthropic:manual"))
		got := labels(menu)
		t.Logf("menu:\n%s", strings.Join(got, "\n"))
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`^Claude auth: 1 expired, 1 expiring$`),
			regexp.MustCompile(`^Claude Code · ~/\.claude$`),
			// In 3 h: the clock alone today, with its weekday after midnight.
			regexp.MustCompile(`^claude-code — .*login ends in (2 h 5\d m|3 h) · ((Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?\d\d:\d\d$`),
			regexp.MustCompile(`^anthropic:manual — expired 2 h( \d+ m)? ago`),
			regexp.MustCompile(`^Environment$`),
			regexp.MustCompile(`^CLAUDE_CODE_OAUTH_TOKEN — expiry unknown$`),
			regexp.MustCompile(`^    Re-authenticate…$`),
			regexp.MustCompile(`^    Sign in again…$`),
			regexp.MustCompile(`^Re-authenticate Claude \(setup-token\)…$`),
			regexp.MustCompile(`^Sign in to Claude Code again…$`),
			regexp.MustCompile(`^Refresh now$`),
			regexp.MustCompile(`^Notifications$`),
			regexp.MustCompile(`^Quit$`),
		} {
			if !matchAny(got, want) {
				t.Errorf("no menu label matches %v", want)
			}
		}
		if contains(got, "Notifications unavailable") {
			t.Errorf("menu says notifications are unavailable with dunst running")
		}
		if n, ok := find(menu, "Notifications"); !ok || n.Toggle != 1 {
			t.Errorf("Notifications item = %+v, want a checked toggle", n)
		}
		if leaks := f.leaks(strings.Join(got, "\n")); len(leaks) > 0 {
			t.Errorf("menu shows token bytes of %v", leaks)
		}
	})

	t.Run("tooltip", func(t *testing.T) {
		tip, err := a.item.tooltip()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("tooltip: %q", tip)
		if !regexp.MustCompile(`^anthropic:manual expired 2 h( \d+ m)? ago \(\+1 more\)$`).MatchString(tip) {
			t.Errorf("tooltip %q does not name the worst credential", tip)
		}
	})

	t.Run("icon", func(t *testing.T) {
		c, err := a.item.iconColour()
		if err != nil {
			t.Fatal(err)
		}
		if c != red {
			t.Errorf("IconPixmap dominant colour %s, want red %s (expired)", hex(c), hex(red))
		}
		// On screen: the panel is the top 32 px; its systray is at the
		// left. (dunst's popups sit lower, at the right.) The panel draws
		// the 22 px pixmap as it is: every pure-red pixel of the glyph's
		// fill, and the whole glyph (outline, keyhole, "!" badge) pixel
		// for pixel.
		panel := image.Rect(0, 0, 400, 32)
		want, _ := colourIn(tray.PanelRender(profile.Expired, tray.TraySize), image.Rect(0, 0, tray.TraySize, tray.TraySize), red)
		var n, off int
		var at, corner image.Point
		d.waitFor(t, "the red glyph drawn in the panel", 5*time.Second, func() bool {
			shot := d.screenshot(t)
			n, at = colourIn(shot, panel, red)
			corner, off = findIcon(shot, panel, profile.Expired)
			return n >= want && off <= 4
		})
		iconAt = at
		t.Logf("panel draws %d red %s pixels around %v (the glyph has %d); the expired glyph at %v, %d of %d pixels off", n, hex(red), at, want, corner, off, tray.TraySize*tray.TraySize)
		if n, _ := colourIn(d.screenshot(t), panel, amber); n > 20 {
			t.Errorf("%d amber pixels in the panel; the icon should be red only", n)
		}
	})

	// Notifications from the first run: one per credential that needs the
	// user, at its most urgent passed threshold.
	want := []notification{
		{App: "authtray", Summary: "claude-code login ends in 3 h", Body: "claude-code (Claude Code) login ends in 3 h. Click to re-authenticate."},
		{App: "authtray", Summary: "anthropic:manual expired", Body: "anthropic:manual (agent main) expired. Click to re-authenticate."},
	}
	t.Run("notifications", func(t *testing.T) {
		d.waitFor(t, "2 notifications", 10*time.Second, func() bool { return len(mon.all()) >= 2 })
		time.Sleep(time.Second) // a repeat would come right after
		got := mon.all()
		for _, n := range got {
			t.Logf("notification: %s", n)
		}
		checkNotifications(t, got, want)
		for _, n := range got {
			if leaks := f.leaks(n.Summary + n.Body); len(leaks) > 0 {
				t.Errorf("notification %q shows token bytes of %v", n.Summary, leaks)
			}
		}
	})

	t.Run("screen", func(t *testing.T) { screen(t, d, a) })

	t.Run("restart-no-repeat", func(t *testing.T) {
		// The first run has sent its two (see "notifications").
		d.waitFor(t, "the first run's notifications", 10*time.Second, func() bool { return len(mon.all()) >= len(want) })
		a.stop()
		if a.killed || a.err != nil {
			t.Errorf("authtray on SIGTERM: killed=%v exit=%v, want a clean exit within 2 s", a.killed, a.err)
		}
		if leaks := f.leaks(a.log.String()); len(leaks) > 0 {
			t.Errorf("authtray's log shows token bytes of %v", leaks)
		}
		before := len(mon.all())
		a = d.startApp(t, f, appEnv...)
		a.waitMenu(t, d, 10*time.Second, has("anthropic:manual"))
		d.waitFor(t, "the first snapshot to be handled", 5*time.Second, func() bool {
			return strings.Contains(a.log.String(), "menu rebuilt")
		})
		time.Sleep(1500 * time.Millisecond)
		if again := mon.since(before); len(again) > 0 {
			t.Errorf("restart repeated notifications: %v", again)
		}
	})

	// Idle: nothing changes on disk and no threshold is near, so authtray
	// must not scan. (A loop here was found by this suite: reading the
	// gateway's SQLite state DB makes SQLite chmod its -wal/-shm files and
	// write the -shm index, the watcher reports those, and each report
	// triggers the next read.)
	t.Run("idle", func(t *testing.T) {
		before := strings.Count(a.log.String(), "snapshot published")
		time.Sleep(2 * time.Second)
		if n := strings.Count(a.log.String(), "snapshot published") - before; n > 0 {
			t.Errorf("%d scans in 2 s of idling, want none (AUTHTRAY_DEBUG log below)", n)
		}
	})

	t.Run("live-rename", func(t *testing.T) {
		before := len(mon.all())
		renewed := time.Now()
		f.writeLogin(t, renewed, "B", 40*24*time.Hour)
		m, took := a.waitMenu(t, d, 5*time.Second, func(ls []string) bool {
			return matchAny(ls, regexp.MustCompile(`^claude-code — .*login ends in (39|40) d`))
		})
		t.Logf("menu label changed %v after the rename", took.Round(time.Millisecond))
		if took > time.Second {
			t.Errorf("menu took %v to follow the renamed file, want ≤ 1 s", took)
		}
		if !has("Claude auth: 1 expired")(labels(m)) || contains(labels(m), "expiring") {
			t.Errorf("header after renewal: %q", labels(m)[0])
		}
		d.waitFor(t, "the renewed notification", 5*time.Second, func() bool { return len(mon.since(before)) >= 1 })
		time.Sleep(500 * time.Millisecond)
		got := mon.since(before)
		if len(got) != 1 || got[0].Summary != "claude-code renewed" || !strings.HasPrefix(got[0].Body, "claude-code (Claude Code) renewed") {
			t.Errorf("after renewal got %v, want one \"claude-code renewed\"", got)
		}
		menu = m
	})

	t.Run("reauth-click", func(t *testing.T) {
		menu, _ = a.waitMenu(t, d, 5*time.Second, has("Re-authenticate Claude (setup-token)…"))
		it, ok := find(menu, "Re-authenticate Claude (setup-token)…")
		if !ok {
			t.Fatal("no Re-authenticate Claude (setup-token)… item")
		}
		if err := a.item.click(it.ID); err != nil {
			t.Fatalf("dbusmenu Event clicked: %v", err)
		}
		rec := stub.wait(t, 10*time.Second)
		if got := strings.Join(rec.args, " "); got != "setup-token" {
			t.Errorf("claude ran with args %q, want setup-token", got)
		}
		if v, ok := rec.env["CLAUDE_CODE_OAUTH_TOKEN"]; ok {
			t.Errorf("CLAUDE_CODE_OAUTH_TOKEN reached claude (%d bytes)", len(v))
		}
		if rec.env["DISPLAY"] != d.display {
			t.Errorf("claude's DISPLAY = %q, want %q", rec.env["DISPLAY"], d.display)
		}
		if rec.terminal != "xterm" {
			t.Errorf("claude's terminal ancestor is %q, want xterm", rec.terminal)
		}
		t.Logf("claude setup-token ran in %s (pid %d), env without CLAUDE_CODE_OAUTH_TOKEN", rec.terminal, rec.terminalPID)
		closeTerminal(rec)
		stub.reset()
	})

	t.Run("row-reauth", func(t *testing.T) {
		// A second Claude Code config dir, named by the tray's own
		// CLAUDE_CONFIG_DIR. Each row's submenu action must sign in its own
		// dir: the work dir's names it, the default ~/.claude's and the
		// gateway's setup-token must not inherit it.
		work := filepath.Join(f.home, "work-claude")
		f.writeLoginIn(t, "work-claude", time.Now(), "W", 3*time.Hour)
		f.writeLogin(t, time.Now(), "D", 3*time.Hour) // renewed above; due again
		a.stop()
		a = d.startApp(t, f, append(appEnv, "CLAUDE_CONFIG_DIR="+work)...)
		m, _ := a.waitMenu(t, d, 10*time.Second, has("claude-code:~/work-claude"))
		for _, c := range []struct {
			row, action string
			args        string
			configDir   string // "" = unset
		}{
			{"claude-code:~/work-claude — ", "Sign in again…", "auth login", work},
			{"claude-code — ", "Sign in again…", "auth login", ""},
			{"anthropic:manual — ", "Re-authenticate…", "setup-token", ""},
		} {
			row, ok := find(m, c.row)
			if !ok {
				t.Errorf("no row %q in\n%s", c.row, strings.Join(labels(m), "\n"))
				continue
			}
			it, ok := find(row.Children, c.action)
			if !ok {
				t.Errorf("row %q has no %q", row.Label, c.action)
				continue
			}
			if err := a.item.click(it.ID); err != nil {
				t.Fatalf("dbusmenu Event clicked: %v", err)
			}
			rec := stub.wait(t, 10*time.Second)
			if got := strings.Join(rec.args, " "); got != c.args {
				t.Errorf("%s %s: claude ran with args %q, want %q", c.row, c.action, got, c.args)
			}
			dir, set := rec.env["CLAUDE_CONFIG_DIR"]
			if c.configDir == "" && set {
				t.Errorf("%s %s: CLAUDE_CONFIG_DIR=%s reached claude, want it unset", c.row, c.action, dir)
			}
			if c.configDir != "" && dir != c.configDir {
				t.Errorf("%s %s: CLAUDE_CONFIG_DIR = %q, want %q", c.row, c.action, dir, c.configDir)
			}
			if _, ok := rec.env["CLAUDE_CODE_OAUTH_TOKEN"]; ok {
				t.Errorf("%s %s: CLAUDE_CODE_OAUTH_TOKEN reached claude", c.row, c.action)
			}
			t.Logf("%s%s ran claude %s with CLAUDE_CONFIG_DIR=%q in %s", c.row, c.action, c.args, dir, rec.terminal)
			closeTerminal(rec)
			stub.reset()
			// One terminal at a time: the next click starts another xterm.
			d.waitFor(t, "the terminal to close", 5*time.Second, func() bool {
				_, err := os.Stat(filepath.Join("/proc", strconv.Itoa(rec.terminalPID)))
				return rec.terminalPID <= 1 || err != nil
			})
		}
	})

	t.Run("no-claude", func(t *testing.T) {
		// authtray also looks where installers put claude outside PATH;
		// of those, only these are outside the temp HOME.
		for _, p := range []string{"/usr/local/bin/claude", "/opt/homebrew/bin/claude"} {
			if _, err := os.Stat(p); err == nil {
				t.Skipf("%s exists: authtray would find and run the real claude", p)
			}
		}
		a.stop()
		a = d.startApp(t, f, "PATH=/usr/bin:/bin", "TERMINAL=xterm")
		// The menu says so before any click, with how to install it.
		const line = "claude is not installed — npm install -g @anthropic-ai/claude-code"
		m, _ := a.waitMenu(t, d, 10*time.Second, has("Re-authenticate Claude (setup-token)…"))
		if l, ok := find(m, line); !ok || l.Enabled {
			t.Errorf("menu without claude: want a disabled line %q, got %v (found %v)", line, labels(m), ok)
		}
		it, _ := find(m, "Re-authenticate Claude (setup-token)…")
		before := len(mon.all())
		if err := a.item.click(it.ID); err != nil {
			t.Fatalf("dbusmenu Event clicked: %v", err)
		}
		const msg = "Claude Code is not installed: npm install -g @anthropic-ai/claude-code"
		d.waitFor(t, "the not-installed notification", 5*time.Second, func() bool { return len(mon.since(before)) >= 1 })
		got := mon.since(before)
		if len(got) != 1 || got[0].App != "authtray" || !strings.Contains(got[0].Summary+" "+got[0].Body, msg) {
			t.Errorf("got %v, want one notification saying %q", got, msg)
		}
		d.waitFor(t, "the not-installed log line", 2*time.Second, func() bool { return strings.Contains(a.log.String(), msg) })
		if stub.ran() {
			t.Errorf("a claude ran although none is on PATH")
		}
	})

	t.Run("notifications-off", func(t *testing.T) {
		m, _ := a.waitMenu(t, d, 5*time.Second, has("Notifications"))
		it, _ := find(m, "Notifications")
		if err := a.item.click(it.ID); err != nil {
			t.Fatal(err)
		}
		a.waitMenu(t, d, 5*time.Second, func([]string) bool {
			m, err := a.item.layout()
			n, _ := find(m, "Notifications")
			return err == nil && n.Label == "Notifications" && n.Toggle == 0
		})
		settings, err := os.ReadFile(filepath.Join(f.home, ".config", "authtray", "settings.toml"))
		if err != nil || !regexp.MustCompile(`(?m)^notifications\s*=\s*false`).Match(settings) {
			t.Errorf("settings.toml after unticking Notifications: %v\n%s", err, settings)
		}
		// A login that now ends in 2 h would notify; with notifications
		// off the menu follows and nothing is shown.
		before := len(mon.all())
		f.writeLogin(t, time.Now(), "C", 2*time.Hour)
		a.waitMenu(t, d, 5*time.Second, func(ls []string) bool {
			return matchAny(ls, regexp.MustCompile(`^claude-code — .*login ends in (1 h 59 m|2 h)`))
		})
		time.Sleep(time.Second)
		if got := mon.since(before); len(got) > 0 {
			t.Errorf("notifications off, yet got %v", got)
		}
	})
}

var iconAt image.Point // where the panel draws the icon, for the menu click

func matchAny(ls []string, re *regexp.Regexp) bool {
	for _, l := range ls {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}

// checkNotifications wants exactly the expected notifications, in any order.
func checkNotifications(t *testing.T, got, want []notification) {
	t.Helper()
	count := map[notification]int{}
	for _, n := range got {
		n.At, n.Markup, n.Actions = time.Time{}, "", ""
		count[n]++
	}
	for _, w := range want {
		if count[w] != 1 {
			t.Errorf("notification %s seen %d times, want once", w, count[w])
		}
		delete(count, w)
	}
	for n := range count {
		t.Errorf("unexpected notification %s", n)
	}
}

// stub is a fake `claude` first on PATH that records its arguments, its
// environment and its parent chain, then waits to be closed.
type claudeStub struct {
	dir, record string
}

type stubRecord struct {
	args        []string
	env         map[string]string
	terminal    string // command name of the terminal it runs under
	terminalPID int
}

func writeClaudeStub(t *testing.T, dir string) *claudeStub {
	t.Helper()
	s := &claudeStub{dir: filepath.Join(dir, "stub-bin"), record: filepath.Join(dir, "claude-record")}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// argv one per line, then the environment NUL-separated, written whole
	// by rename so the test never reads half a record.
	script := `#!/bin/sh
r='` + s.record + `'
{ printf '%s\n' "$PPID" "$#"; for a in "$@"; do printf '%s\n' "$a"; done; } > "$r.args"
cat /proc/$$/environ > "$r.env"
mv "$r.args" "$r.argsdone"
exec sleep 60
`
	if err := os.WriteFile(filepath.Join(s.dir, "claude"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *claudeStub) reset() {
	os.Remove(s.record + ".argsdone")
	os.Remove(s.record + ".env")
}

func (s *claudeStub) ran() bool {
	_, err := os.Stat(s.record + ".argsdone")
	return err == nil
}

// wait reads the record once the stub has run.
func (s *claudeStub) wait(t *testing.T, limit time.Duration) stubRecord {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !s.ran() {
		if time.Now().After(deadline) {
			t.Fatalf("the stub claude did not run within %v", limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b, err := os.ReadFile(s.record + ".argsdone")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	ppid, _ := strconv.Atoi(lines[0])
	n, _ := strconv.Atoi(lines[1])
	rec := stubRecord{args: lines[2 : 2+n], env: map[string]string{}}
	e, err := os.ReadFile(s.record + ".env")
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range strings.Split(string(e), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			rec.env[k] = v
		}
	}
	// Up the parent chain from the stub's shell to the terminal.
	for pid := ppid; pid > 1; pid = parentOf(pid) {
		comm, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "comm"))
		if name := strings.TrimSpace(string(comm)); name == "xterm" {
			rec.terminal, rec.terminalPID = name, pid
			break
		}
	}
	return rec
}

func parentOf(pid int) int {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0
	}
	// pid (comm) state ppid …; comm may hold spaces, so cut at the last ')'.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return 0
	}
	p, _ := strconv.Atoi(f[1])
	return p
}

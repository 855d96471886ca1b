package desktope2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// startDunstWith starts dunst with this dunstrc (instead of the
// desktop's default) and waits for its bus name.
func (d *desktop) startDunstWith(t testing.TB, rc string) {
	t.Helper()
	path := filepath.Join(d.dir, "dunstrc")
	if err := os.WriteFile(path, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	d.start(t, "dunst", []string{"dunst", "-config", path}, d.env)
	d.waitName(t, "org.freedesktop.Notifications", 10*time.Second)
}

// dunstctl runs dunstctl on the desktop's bus.
func (d *desktop) dunstctl(t testing.TB, args ...string) {
	t.Helper()
	cmd := exec.Command("dunstctl", args...)
	cmd.Env = d.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("dunstctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// reminderActions are the actions of a reminder before a deadline.
const reminderActions = "default|Re-authenticate|reauth|Re-authenticate|snooze-1h|Snooze 1 hour|snooze-1d|Snooze 1 day"

// TestNotificationActions, on a real dunst (which has the "actions"
// capability): a gateway token and a Claude Code login an hour and a few
// seconds from their end each get a reminder with Re-authenticate and the snoozes, its body
// ending "Click to re-authenticate."; `dunstctl action 0` (the default
// action, a click) opens an xterm running the fix (a stub claude records
// its arguments); the other's "Snooze 1 day", chosen from dunst's context
// menu (its dmenu is a script that picks that line), snoozes it: the
// menu shows "Snoozed until … — cancel", the 1 h reminder passing while
// it is snoozed is not sent (the other's is), and cancelling from the
// menu sends it, once.
func TestNotificationActions(t *testing.T) {
	d := newDesktop(t)
	d.startPanel(t)
	// dunst's context menu runs dmenu with one line per action
	// ("#Snooze 1 day (summary) [id,snooze-1d]"); this one picks the
	// first snooze-1d line and logs what it was offered.
	pick := filepath.Join(d.dir, "pick-snooze")
	offered := filepath.Join(d.dir, "dmenu-input")
	if err := os.WriteFile(pick, []byte("#!/bin/sh\ntee '"+offered+"' | grep -m1 'snooze-1d\\]'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	d.startDunstWith(t,
		"[global]\n    dmenu = "+pick+"\n[urgency_normal]\n    timeout = 0\n")
	mon := d.watchNotifications()

	start := time.Now()
	const margin = 14 * time.Second // the 1 h threshold passes then
	f := newFixture(t, d.dir, start, time.Hour+margin, time.Hour+margin)
	stub := writeClaudeStub(t, d.dir)
	a := d.startApp(t, f, "PATH="+stub.dir+":/usr/bin:/bin", "TERMINAL=xterm")

	d.waitFor(t, "2 reminders", 10*time.Second, func() bool { return len(mon.all()) >= 2 })
	first := mon.all()
	for _, n := range first {
		t.Logf("%5.2fs %s [%s]", n.At.Sub(start).Seconds(), n, n.Actions)
		if !strings.HasSuffix(n.Body, " in 1 h 1 m. Click to re-authenticate.") || n.Actions != reminderActions {
			t.Errorf("reminder %q, actions %q", n.Body, n.Actions)
		}
	}

	// A click: the default action runs the row's fix in a terminal.
	d.dunstctl(t, "action", "0")
	rec := stub.wait(t, 10*time.Second)
	defer closeTerminal(rec)
	fixes := map[string]string{"setup-token": "anthropic:manual", "auth login": "claude-code"}
	clicked := fixes[strings.Join(rec.args, " ")]
	if clicked == "" || rec.terminal != "xterm" {
		t.Fatalf("the click ran claude %q under %q, want a row's fix in xterm", rec.args, rec.terminal)
	}
	t.Logf("the click ran claude %s for %s", strings.Join(rec.args, " "), clicked)

	// The other one's "Snooze 1 day", from dunst's context menu.
	d.dunstctl(t, "context")
	var row, cancel entry
	findSnoozed := func([]string) bool {
		m, err := a.item.layout()
		if err != nil {
			return false
		}
		for _, e := range m {
			if c, ok := find(e.Children, "Snoozed until "); ok {
				row, cancel = e, c
				return true
			}
		}
		return false
	}
	a.waitMenu(t, d, 10*time.Second, findSnoozed)
	if b, _ := os.ReadFile(offered); !strings.Contains(string(b), "snooze-1d]") {
		t.Errorf("dunst offered dmenu no snooze: %q", b)
	}
	snoozed := "claude-code"
	if strings.HasPrefix(row.Label, "anthropic:manual") {
		snoozed = "anthropic:manual"
	}
	if snoozed == clicked || !strings.HasSuffix(cancel.Label, " — cancel") {
		t.Fatalf("snoozed row %q (clicked %s), item %q", row.Label, clicked, cancel.Label)
	}
	if _, err := os.Stat(filepath.Join(f.home, ".local", "state", "authtray", "snooze.json")); err != nil {
		t.Errorf("snooze not kept in the state dir: %v", err)
	}
	hourly := map[string]notification{
		"anthropic:manual": {App: "authtray", Summary: "anthropic:manual expires in 1 h", Body: "anthropic:manual (agent main) expires in 1 h. Click to re-authenticate."},
		"claude-code":      {App: "authtray", Summary: "claude-code login ends in 1 h", Body: "claude-code (Claude Code) login ends in 1 h. Click to re-authenticate."},
	}

	// The 1 h threshold passes: only the one not snoozed is reminded.
	before := len(mon.all())
	d.waitFor(t, "the 1 h reminder", margin+5*time.Second, func() bool { return len(mon.since(before)) >= 1 })
	time.Sleep(1500 * time.Millisecond)
	checkNotifications(t, mon.since(before), []notification{hourly[clicked]})

	// Cancelled from the menu: its most urgent reminder goes out, once.
	// The threshold rebuilt the menu, and a rebuilt menu's items have new
	// ids: find the item again.
	a.waitMenu(t, d, 10*time.Second, findSnoozed)
	before = len(mon.all())
	if err := a.item.click(cancel.ID); err != nil {
		t.Fatal(err)
	}
	d.waitFor(t, "the reminder held back by the snooze", 10*time.Second, func() bool { return len(mon.since(before)) >= 1 })
	time.Sleep(1500 * time.Millisecond)
	checkNotifications(t, mon.since(before), []notification{hourly[snoozed]})
	a.waitMenu(t, d, 10*time.Second, func(ls []string) bool { return !contains(ls, "Snoozed until") })

	for _, n := range mon.all() {
		if l := f.leaks(n.Summary + n.Body + n.Markup); len(l) > 0 {
			t.Errorf("notification %q shows token bytes of %v", n.Summary, l)
		}
	}
	if l := f.leaks(a.log.String()); len(l) > 0 {
		t.Errorf("the log shows token bytes of %v", l)
	}
}

// noActions is an org.freedesktop.Notifications server without the
// "actions" capability (as some minimal servers are).
type noActions struct{ got chan notification }

func (s *noActions) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.got <- notification{App: app, Summary: summary, Body: body, Actions: strings.Join(actions, "|")}
	return 1, nil
}
func (s *noActions) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }
func (s *noActions) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "no-actions", "authtray-e2e", "1", "1.2", nil
}
func (s *noActions) CloseNotification(id uint32) *dbus.Error { return nil }

// TestNoActionsServer: a notification server without actions gets no
// actions, and bodies that end with the short fix text.
func TestNoActionsServer(t *testing.T) {
	d := newDesktop(t)
	conn, err := dbus.Connect(d.bus)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	srv := &noActions{got: make(chan notification, 8)}
	conn.Export(srv, "/org/freedesktop/Notifications", "org.freedesktop.Notifications")
	if r, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own the name: %v %v", r, err)
	}
	f := newFixture(t, d.dir, time.Now(), 3*time.Hour, 30*time.Minute)
	stub := writeClaudeStub(t, d.dir)
	a := d.startApp(t, f, "PATH="+stub.dir+":/usr/bin:/bin", "TERMINAL=xterm")
	want := map[string]string{
		"claude-code login ends in 3 h":    "claude-code (Claude Code) login ends in 3 h. Run: claude auth login.",
		"anthropic:manual expires in 30 m": "anthropic:manual (agent main) expires in 30 m. Re-authenticate from the authtray menu.", // the paste-token chain is too long for a bubble
	}
	for range want {
		select {
		case n := <-srv.got:
			t.Logf("%s [%s]", n, n.Actions)
			if n.Actions != "" || want[n.Summary] != n.Body {
				t.Errorf("got %q | %q with actions %q; want %q, none", n.Summary, n.Body, n.Actions, want[n.Summary])
			}
			if l := f.leaks(n.Summary + n.Body); len(l) > 0 {
				t.Errorf("notification shows token bytes of %v", l)
			}
		case <-time.After(15 * time.Second):
			t.Fatalf("no notification reached the server:\n%s", a.log.String())
		}
	}
}

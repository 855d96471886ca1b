package desktope2e

import (
	"strings"
	"testing"
	"time"
)

// TestThresholds: thresholds crossed while authtray runs each notify once,
// on time, with nothing touching the files: the gateway token expires 3 s
// after the start ("expires in 1 m", then "expired"), and the Claude Code
// login crosses its 1 h mark 4 s after the start ("login ends in 1 h 1 m",
// then "login ends in 1 h").
func TestThresholds(t *testing.T) {
	d := newDesktop(t)
	d.startDunst(t)
	mon := d.watchNotifications()
	start := time.Now()
	f := newFixture(t, d.dir, start, time.Hour+4*time.Second, 3*time.Second)
	a := d.startApp(t, f, "PATH=/usr/bin:/bin")

	want := []notification{
		{App: "authtray", Summary: "anthropic:manual expires in 1 m", Body: "anthropic:manual (agent main) expires in 1 m. Click to re-authenticate."},
		{App: "authtray", Summary: "claude-code login ends in 1 h 1 m", Body: "claude-code (Claude Code) login ends in 1 h 1 m. Click to re-authenticate."},
		{App: "authtray", Summary: "anthropic:manual expired", Body: "anthropic:manual (agent main) expired. Click to re-authenticate."},
		{App: "authtray", Summary: "claude-code login ends in 1 h", Body: "claude-code (Claude Code) login ends in 1 h. Click to re-authenticate."},
	}
	d.waitFor(t, "4 notifications", 10*time.Second, func() bool { return len(mon.all()) >= len(want) })
	time.Sleep(time.Second) // a repeat would come right after
	got := mon.all()
	for _, n := range got {
		t.Logf("%5.2fs %s", n.At.Sub(start).Seconds(), n)
	}
	checkNotifications(t, got, want)
	// On time: a crossing is noticed by the timer authtray arms for it,
	// within a second of the moment.
	for _, n := range got {
		due := map[string]time.Duration{"anthropic:manual expired": 3 * time.Second, "claude-code login ends in 1 h": 4 * time.Second}[n.Summary]
		if due > 0 && (n.At.Before(start.Add(due)) || n.At.After(start.Add(due+time.Second))) {
			t.Errorf("%q at %.2fs, want within a second after %v", n.Summary, n.At.Sub(start).Seconds(), due)
		}
	}
	if a.exited() || strings.Contains(a.log.String(), "panic") {
		t.Errorf("authtray stopped: %v", a.err)
	}
}

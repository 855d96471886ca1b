package tray

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// fakeSource is a Source whose snapshots the test sends.
type fakeSource struct {
	ch        chan profile.Snapshot
	refreshed int
}

func (f *fakeSource) Subscribe() <-chan profile.Snapshot { return f.ch }
func (f *fakeSource) Refresh()                           { f.refreshed++ }

type logBook struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBook) logf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *logBook) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// TestFollowSurvivesPanic: a menu rebuild that panics is one log line; the
// loop keeps going, and the next snapshot redraws even though its menu is the
// same as the one that failed.
func TestFollowSurvivesPanic(t *testing.T) {
	src := &fakeSource{ch: make(chan profile.Snapshot)}
	app := &App{Source: src, Options: func() Options { return Options{Zone: time.UTC} }}
	var log logBook
	applied := make(chan Menu, 4)
	calls := 0
	apply := func(m Menu) {
		calls++
		if calls == 1 {
			panic("systray: menu item vanished")
		}
		applied <- m
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { app.follow(ctx, src.Subscribe(), apply, log.logf); close(done) }()
	s := snap(claudeOK)
	src.ch <- s
	src.ch <- s // identical: redrawn only because the first rebuild failed
	select {
	case <-applied:
	case <-time.After(5 * time.Second):
		t.Fatal("the rebuild after a panic was skipped")
	}
	src.ch <- s // now identical to a good menu: skipped
	cancel()
	<-done
	if len(applied) != 0 || calls != 2 {
		t.Errorf("apply called %d times, %d pending; want 2, 0", calls, len(applied))
	}
	lines := log.all()
	if len(lines) != 1 || lines[0] != "Rebuilding the menu failed unexpectedly (systray: menu item vanished); the tray keeps running." {
		t.Errorf("log = %q", lines)
	}
}

// TestClickSurvivesPanic: a click handler that panics (here the terminal
// launcher) is logged in one sentence naming the item, and the next click
// still works.
func TestClickSurvivesPanic(t *testing.T) {
	src := &fakeSource{ch: make(chan profile.Snapshot)}
	var launched []string
	app := &App{Source: src, Options: func() Options { return Options{} },
		Launch: func(_ context.Context, a Action) error {
			if a.Args[0] == "boom" {
				var m map[string]int
				m["x"] = 1 // a nil-map bug
			}
			launched = append(launched, strings.Join(a.Args, " "))
			return nil
		}}
	var log logBook
	app.click(context.Background(), Item{Label: "Re-authenticate…", Action: Action{Kind: Reauth, Args: []string{"boom"}}}, log.logf)
	app.click(context.Background(), Item{Label: LabelRefresh, Action: Action{Kind: Refresh}}, log.logf)
	app.click(context.Background(), Item{Label: LabelSetupToken, Action: Action{Kind: Reauth, Args: setupTokenArgs}}, log.logf)
	if src.refreshed != 1 || len(launched) != 1 || launched[0] != "claude setup-token" {
		t.Errorf("after the panic: refreshed %d, launched %q", src.refreshed, launched)
	}
	lines := log.all()
	if len(lines) != 1 || !strings.HasPrefix(lines[0], `Clicking "Re-authenticate…" failed unexpectedly (assignment to entry in nil map`) ||
		!strings.HasSuffix(lines[0], "; the tray keeps running.") {
		t.Errorf("log = %q", lines)
	}
}

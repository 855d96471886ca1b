package live

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// deniedKeychain refuses every read as a denied prompt would (security
// exits 51) and counts the reads: each one would have been a dialog.
type deniedKeychain struct {
	mu           sync.Mutex
	reads, asked int
	date         time.Time
}

func (k *deniedKeychain) Find(ctx context.Context, _, _ string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.reads++
	if claude.UserAsked(ctx) {
		k.asked++
	}
	return nil, claude.ExitError(51)
}

func (k *deniedKeychain) modTime(context.Context, string, string) (time.Time, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.date, nil
}

func (k *deniedKeychain) counts() (int, int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.reads, k.asked
}

// rewrite is Claude Code writing the item again (a token refresh).
func (k *deniedKeychain) rewrite() {
	k.mu.Lock()
	k.date = k.date.Add(time.Minute)
	k.mu.Unlock()
}

// Every trigger a live view has, after a denied Keychain prompt: not one
// more secret read (each would be another dialog) until the user asks.
func TestDeniedKeychainIsNotReadByAnyTrigger(t *testing.T) {
	for _, watching := range []bool{true, false} {
		name := "watching"
		if !watching {
			name = "degraded watch (polling)"
		}
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { deniedTriggers(t, watching) })
		})
	}
}

func deniedTriggers(t *testing.T, watching bool) {
	kc := &deniedKeychain{date: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)}
	cache := &claude.KeychainCache{ModTime: kc.modTime, Locked: func(context.Context) (bool, error) { return false, nil }}
	in := claude.Input{Home: "/home/u", Getenv: func(k string) string { return map[string]string{"USER": "alice"}[k] }, FS: fsys.Fake{}, Keychain: kc, KeychainCache: cache}
	resume := make(chan struct{})
	r := start(t, func(c *Config, r *rig) {
		c.Scan, c.Watches = nil, nil
		c.Sources = []Source{{Name: "claude", Read: func(ctx context.Context) []profile.Profile { return claude.Read(ctx, in) },
			Watches: func() []fsys.Watch { return claude.Watches(in) }}}
		c.Resume = resume
		if !watching {
			r.watcher.fail = errors.New("too many open files")
		}
	})
	sub := r.loop.Subscribe()
	if s := <-sub; len(s.Profiles) != 1 || s.Profiles[0].State != profile.Error || !s.Profiles[0].AskAgain {
		t.Fatalf("first snapshot %+v, want one unreadable row offering to ask again", s.Profiles)
	}
	if reads, _ := kc.counts(); reads != 1 {
		t.Fatalf("%d reads at start, want 1", reads)
	}
	triggers := []struct {
		name string
		fire func()
	}{
		{"wake from sleep", func() { resume <- struct{}{} }},
		{"keychain change", func() { kc.rewrite(); r.loop.Reread("claude") }},
	}
	if watching {
		triggers = append(triggers, struct {
			name string
			fire func()
		}{"config-dir event", func() { r.watcher.events <- "/home/u/.claude/.credentials.json" }})
	} else {
		triggers = append(triggers, struct {
			name string
			fire func()
		}{"degraded-watch poll", func() { time.Sleep(DefaultPoll) }})
	}
	for _, tr := range triggers {
		sourceReads := r.loop.Stats().Reads
		tr.fire()
		synctest.Wait()
		time.Sleep(time.Second) // past any debounce
		synctest.Wait()
		if r.loop.Stats().Reads == sourceReads {
			t.Fatalf("%s read no source: the test proves nothing", tr.name)
		}
		if reads, _ := kc.counts(); reads != 1 {
			t.Fatalf("after %s: %d secret reads, want still 1", tr.name, reads)
		}
	}
	// "Refresh now" (or "Ask for Keychain access again…"): the tray
	// invalidates the cache, then refreshes; that read may prompt.
	cache.Invalidate()
	r.loop.Refresh()
	synctest.Wait()
	if reads, asked := kc.counts(); reads != 2 || asked != 1 {
		t.Fatalf("after the user asked: %d reads (%d asked), want 2 (1)", reads, asked)
	}
	resume <- struct{}{}
	synctest.Wait()
	if reads, _ := kc.counts(); reads != 2 {
		t.Fatalf("a wake after the second denial read again: %d reads", reads)
	}
}

package live

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// fakeSource is a reader that counts its reads.
type fakeSource struct {
	mu    sync.Mutex
	rows  []profile.Profile
	reads int
}

func (f *fakeSource) read(context.Context) []profile.Profile {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	return append([]profile.Profile(nil), f.rows...)
}

func (f *fakeSource) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reads
}

// startSources runs a loop over two fake sources laid out like Claude Code
// and the gateway.
func startSources(t *testing.T, cl, gw *fakeSource, tweak func(*Config, *rig)) *rig {
	t.Helper()
	return start(t, func(c *Config, r *rig) {
		r.exists["/home/u/.openclaw"] = true
		r.exists["/home/u/.openclaw/agents/main/agent"] = true
		c.Scan, c.Watches = nil, nil
		c.Sources = []Source{
			{Name: "claude", Read: cl.read, Watches: func() []fsys.Watch {
				return []fsys.Watch{{Dir: "/home/u/.claude", Names: []string{".credentials.json"}}, {Dir: "/home/u", Names: []string{".claude.json"}}}
			}},
			{Name: "gateway", Read: gw.read, Timed: true, Watches: func() []fsys.Watch {
				return []fsys.Watch{{Dir: "/home/u/.openclaw", Names: []string{"openclaw.json", ".env"}}, {Dir: "/home/u/.openclaw/agents/main/agent", Names: []string{"openclaw-agent.sqlite"}}}
			}},
		}
		if tweak != nil {
			tweak(c, r)
		}
	})
}

func TestEventReReadsOnlyItsSource(t *testing.T) {
	tests := []struct {
		name       string
		event      string
		claude, gw int // reads after the first
	}{
		{"Claude Code's credentials", "/home/u/.claude/.credentials.json", 1, 0},
		{"their temporary file", "/home/u/.claude/.credentials.json.tmp.7", 1, 0},
		{"~/.claude.json", "/home/u/.claude.json", 1, 0},
		{"~/.claude removed", "/home/u/.claude", 1, 0},
		{"an agent's store", "/home/u/.openclaw/agents/main/agent/openclaw-agent.sqlite-wal", 0, 1},
		{"the gateway's .env", "/home/u/.openclaw/.env", 0, 1},
		{"the state dir removed", "/home/u/.openclaw", 0, 1},
		{"an unrelated file", "/home/u/.claude/history.jsonl", 0, 0},
		{"the settings file", "/home/u/.config/authtray/settings.toml", 1, 1},
		{"lost events", "", 1, 1},
		// $HOME holds both: its removal can change either.
		{"$HOME removed", "/home/u", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cl, gw := &fakeSource{}, &fakeSource{}
				r := startSources(t, cl, gw, nil)
				if cl.count() != 1 || gw.count() != 1 {
					t.Fatalf("start read claude %d, gateway %d times, want 1 each", cl.count(), gw.count())
				}
				r.watcher.events <- tt.event
				time.Sleep(time.Second)
				synctest.Wait()
				if c, g := cl.count()-1, gw.count()-1; c != tt.claude || g != tt.gw {
					t.Errorf("re-read claude %d, gateway %d times, want %d, %d", c, g, tt.claude, tt.gw)
				}
			})
		})
	}
}

// A timer wake judges Claude Code's kept rows with the new time without
// reading them, and reads the gateway again (its selection depends on the
// time).
func TestTimerWakeReadsNoClaudeFile(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		cl := &fakeSource{rows: []profile.Profile{{ID: "CLAUDE_CODE_OAUTH_TOKEN", Source: profile.ClaudeCode, Kind: profile.Token, ExpiresAt: profile.Time(t0.Add(25 * h))}}}
		gw := &fakeSource{rows: []profile.Profile{{ID: "anthropic:key", Source: profile.Gateway, Kind: profile.APIKey}}}
		r := startSources(t, cl, gw, nil)
		sub := r.loop.Subscribe()
		if s := <-sub; s.Status != profile.OK {
			t.Fatalf("start status %s, want ok", s.Status)
		}
		for i, want := range []profile.State{profile.Expiring, profile.Expired} {
			time.Sleep([]time.Duration{h, 24 * h}[i])
			synctest.Wait()
			s := <-sub
			if s.Profiles[0].ID != "CLAUDE_CODE_OAUTH_TOKEN" || s.Profiles[0].State != want {
				t.Fatalf("wake %d: %+v, want the Claude row %s", i, s.Profiles, want)
			}
		}
		if n := cl.count(); n != 1 {
			t.Errorf("Claude read %d times, want once (at start)", n)
		}
		if n := gw.count(); n < 3 {
			t.Errorf("gateway read %d times, want at every wake (>= 3)", n)
		}
		if st := r.loop.Stats(); st.Reads != int64(cl.count()+gw.count()) {
			t.Errorf("Stats.Reads = %d, want %d", st.Reads, cl.count()+gw.count())
		}
	})
}

// Refresh, resume and a clock change re-read everything; a remote host's
// change re-reads nothing local.
func TestWakesThatReReadEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cl, gw := &fakeSource{}, &fakeSource{}
		resume, clock := make(chan struct{}), make(chan struct{})
		rem := &fakeRemote{changed: make(chan struct{})}
		r := startSources(t, cl, gw, func(c *Config, r *rig) {
			c.Resume, c.ClockChanged, c.Remote = resume, clock, rem
		})
		for i, wake := range []func(){r.loop.Refresh, func() { resume <- struct{}{} }, func() { r.jump(h); clock <- struct{}{} }} {
			wake()
			synctest.Wait()
			if cl.count() != i+2 || gw.count() != i+2 {
				t.Fatalf("wake %d: claude %d, gateway %d reads, want %d each", i, cl.count(), gw.count(), i+2)
			}
		}
		scans := r.loop.Stats().Scans
		rem.changed <- struct{}{}
		synctest.Wait()
		if cl.count() != 4 || gw.count() != 4 {
			t.Errorf("a remote change read claude %d, gateway %d times, want none", cl.count()-4, gw.count()-4)
		}
		if r.loop.Stats().Scans != scans+1 {
			t.Errorf("a remote change published %d snapshots, want 1", r.loop.Stats().Scans-scans)
		}
	})
}

// Events waiting for their debounce when another wake comes are not lost.
func TestPendingEventsReadAtAnotherWake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cl, gw := &fakeSource{}, &fakeSource{}
		rem := &fakeRemote{changed: make(chan struct{})}
		r := startSources(t, cl, gw, func(c *Config, r *rig) { c.Remote = rem })
		r.watcher.events <- "/home/u/.claude/.credentials.json"
		synctest.Wait()
		rem.changed <- struct{}{}
		synctest.Wait()
		if cl.count() != 2 || gw.count() != 1 {
			t.Errorf("claude %d, gateway %d reads, want 2, 1", cl.count(), gw.count())
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if cl.count() != 2 {
			t.Errorf("claude read %d times, want 2 (the event was handled once)", cl.count())
		}
	})
}

// Reread reads the named source alone (a keychain item changed).
func TestRereadNamedSource(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cl, gw := &fakeSource{}, &fakeSource{}
		r := startSources(t, cl, gw, nil)
		r.loop.Reread("claude")
		synctest.Wait()
		if cl.count() != 2 || gw.count() != 1 {
			t.Errorf("claude %d, gateway %d reads, want 2, 1", cl.count(), gw.count())
		}
		r.loop.Reread("no such source")
		synctest.Wait()
		if cl.count() != 3 || gw.count() != 2 {
			t.Errorf("claude %d, gateway %d reads, want 3, 2", cl.count(), gw.count())
		}
	})
}

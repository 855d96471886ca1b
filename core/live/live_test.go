package live

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

const (
	h = time.Hour
	d = 24 * time.Hour
)

// fakeWatcher records watched dirs; tests push events.
type fakeWatcher struct {
	mu     sync.Mutex
	dirs   map[string]bool
	events chan string
	fail   error
}

func newFakeWatcher() *fakeWatcher {
	return &fakeWatcher{dirs: map[string]bool{}, events: make(chan string, 16)}
}

func (f *fakeWatcher) Add(dir string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.dirs[dir] = true
	return nil
}

func (f *fakeWatcher) Remove(dir string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.dirs, dir)
	return nil
}

func (f *fakeWatcher) Events() <-chan string { return f.events }

func (f *fakeWatcher) watched(dir string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dirs[dir]
}

// rig is a loop over a fake world: scans record the (fake) time they ran at
// and return whatever profiles the test set.
type rig struct {
	mu       sync.Mutex
	profiles []profile.Profile
	scans    []time.Time
	offset   time.Duration // wall clock minus the bubble's clock
	exists   map[string]bool
	reloads  int
	logs     []string
	loop     *Loop
	watcher  *fakeWatcher
	cancel   context.CancelFunc
	done     chan struct{}
}

func (r *rig) now() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return time.Now().Add(r.offset)
}

func (r *rig) scan(context.Context) profile.Snapshot {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.scans = append(r.scans, now)
	s := profile.Snapshot{Profiles: append([]profile.Profile(nil), r.profiles...)}
	for i := range s.Profiles {
		s.Profiles[i].Judged = true
	}
	s.Finish(profile.Policy{Now: now})
	return s
}

func (r *rig) scanCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.scans)
}

// scanAt returns the time of scan i (negative counts from the end).
func (r *rig) scanAt(i int) time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i < 0 {
		i += len(r.scans)
	}
	return r.scans[i]
}

func (r *rig) counts() (reloads, logs int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reloads, len(r.logs)
}

func (r *rig) set(ps ...profile.Profile) {
	r.mu.Lock()
	r.profiles = ps
	r.mu.Unlock()
}

// start runs a loop in the current synctest bubble; tweak edits the config.
func start(t *testing.T, tweak func(*Config, *rig)) *rig {
	t.Helper()
	r := &rig{exists: map[string]bool{"/": true, "/home": true, "/home/u": true, "/home/u/.claude": true, "/home/u/.config/authtray": true}, watcher: newFakeWatcher(), done: make(chan struct{})}
	cfg := Config{
		Scan: r.scan,
		Watches: func() []fsys.Watch {
			return []fsys.Watch{
				{Dir: "/home/u/.claude", Names: []string{".credentials.json"}},
				{Dir: "/home/u/.openclaw/agents/main/agent", Names: []string{"openclaw-agent.sqlite"}},
			}
		},
		SettingsPath:   "/home/u/.config/authtray/settings.toml",
		ReloadSettings: func() { r.mu.Lock(); r.reloads++; r.mu.Unlock() },
		Notify:         func() []time.Duration { return []time.Duration{24 * h, h} },
		Watcher:        r.watcher,
		Exists:         func(p string) bool { r.mu.Lock(); defer r.mu.Unlock(); return r.exists[p] },
		Now:            r.now,
		Logf:           func(f string, a ...any) { r.mu.Lock(); r.logs = append(r.logs, f); r.mu.Unlock() },
	}
	if tweak != nil {
		tweak(&cfg, r)
	}
	r.loop = New(cfg)
	ctx, cancel := context.WithCancel(t.Context())
	r.cancel = cancel
	go func() { r.loop.Run(ctx); close(r.done) }()
	synctest.Wait()
	t.Cleanup(func() { cancel(); <-r.done })
	return r
}

func token(expires time.Time) profile.Profile {
	return profile.Profile{ID: "anthropic:manual", Kind: profile.Token, Source: profile.Gateway, ExpiresAt: profile.Time(expires)}
}

func TestBurstOfEventsIsOneScan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, nil)
		if n := r.scanCount(); n != 1 {
			t.Fatalf("%d scans at start, want 1", n)
		}
		for _, p := range []string{"/home/u/.claude/.credentials.json.tmp", "/home/u/.claude/.credentials.json", "/home/u/.claude/.credentials.json"} {
			r.watcher.events <- p
		}
		time.Sleep(DefaultDebounce - time.Millisecond)
		synctest.Wait()
		if n := r.scanCount(); n != 1 {
			t.Fatalf("%d scans inside the debounce window, want 1", n)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if n := r.scanCount(); n != 2 {
			t.Fatalf("%d scans after the debounce window, want 2", n)
		}
		if s := r.loop.Stats(); s.Events != 3 {
			t.Fatalf("events = %d, want 3", s.Events)
		}
	})
}

func TestTimerFiresAtThresholds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		r := start(t, func(c *Config, r *rig) { r.profiles = []profile.Profile{token(t0.Add(25 * h))} })
		sub := r.loop.Subscribe()
		if s := <-sub; s.Status != profile.OK {
			t.Fatalf("start status %s, want ok", s.Status)
		}
		// The warn window (24 h) opens at +1 h: a scan happens exactly then.
		time.Sleep(h)
		synctest.Wait()
		s := <-sub
		if s.Status != profile.Expiring {
			t.Fatalf("status at +1 h = %s, want expiring", s.Status)
		}
		last := r.scanAt(-1)
		if !last.Equal(t0.Add(h)) {
			t.Fatalf("last scan at +%v, want exactly +1h", last.Sub(t0))
		}
		time.Sleep(24 * h)
		synctest.Wait()
		if s := <-sub; s.Status != profile.Expired {
			t.Fatalf("status at +25 h = %s, want expired", s.Status)
		}
	})
}

func TestIdleWakeups(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		r := start(t, func(c *Config, r *rig) {
			r.profiles = []profile.Profile{{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, CanRefresh: true, LoginEndsAt: profile.Time(t0.Add(23 * d))}}
		})
		time.Sleep(24 * h)
		synctest.Wait()
		st := r.loop.Stats()
		if st.Wakeups > 4*24 {
			t.Errorf("%d wake-ups in a day, want at most 4 an hour", st.Wakeups)
		}
		if st.Scans > 5 {
			t.Errorf("%d scans in an idle day, want at most 5 (start + 6-hourly redraws)", st.Scans)
		}
	})
}

// jump moves the rig's wall clock; the timers' (monotonic) clock does not.
func (r *rig) jump(by time.Duration) {
	r.mu.Lock()
	r.offset += by
	r.mu.Unlock()
}

func TestWallClockJumpIsNoticed(t *testing.T) {
	tests := []struct {
		name string
		by   time.Duration
	}{
		{"forward past the warn window", 29*d + h},
		{"back before it", -2 * d},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				t0 := time.Now()
				r, clock := startClocked(t, t0.Add(30*d))
				sub := r.loop.Subscribe()
				<-sub
				time.Sleep(5 * time.Minute)
				r.jump(tt.by)
				clock <- struct{}{} // what platform/power's timerfd reports
				synctest.Wait()
				if n := r.scanCount(); n != 2 {
					t.Fatalf("%d scans right after the clock change, want 2", n)
				}
				s := <-sub
				want := profile.OK
				if tt.by > 0 {
					want = profile.Expiring
				}
				if s.Status != want {
					t.Fatalf("status after the change = %s, want %s", s.Status, want)
				}
				// The timer is re-armed on the new clock: the expiry (or
				// the warn window) is met on time by it.
				next := t0.Add(30 * d)
				if tt.by < 0 {
					next = t0.Add(29 * d)
				}
				time.Sleep(next.Sub(r.now()))
				synctest.Wait()
				if got := r.scanAt(-1); !got.Equal(next) {
					t.Fatalf("next scan at wall %v, want %v", got.Sub(t0), next.Sub(t0))
				}
			})
		})
	}
}

// startClocked starts a loop over one token expiring at expires, with a
// clock-change source the test signals as platform/power's timerfd would.
func startClocked(t *testing.T, expires time.Time) (*rig, chan<- struct{}) {
	t.Helper()
	clock := make(chan struct{}, 1)
	r := start(t, func(c *Config, r *rig) {
		r.profiles = []profile.Profile{token(expires)}
		c.ClockChanged = clock
	})
	return r, clock
}

// Clock steps within the tolerance (a VM's time sync can step the clock
// many times a second) re-read nothing: the timer, re-armed from the new
// wall clock, still meets the next deadline.
func TestSmallClockStepsReadNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		r, clock := startClocked(t, t0.Add(25*h))
		<-r.loop.Subscribe()
		for range 50 {
			time.Sleep(100 * time.Millisecond)
			r.jump(10 * time.Millisecond)
			clock <- struct{}{}
			synctest.Wait()
		}
		if n := r.scanCount(); n != 1 {
			t.Fatalf("%d scans after 50 small clock steps, want 1 (the first)", n)
		}
		time.Sleep(t0.Add(h).Sub(r.now()))
		synctest.Wait()
		if n := r.scanCount(); n != 2 {
			t.Fatalf("%d scans at the warn window's start, want 2", n)
		}
	})
}

// Without a clock-change or resume source, the safety wake's comparison of
// wall and monotonic time is the fallback.
func TestWallClockJumpWithoutSourceAtSafetyWake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		r := start(t, func(c *Config, r *rig) { r.profiles = []profile.Profile{token(t0.Add(30 * d))} })
		sub := r.loop.Subscribe()
		<-sub
		time.Sleep(5 * time.Minute)
		r.jump(8 * h) // an unannounced suspend
		time.Sleep(DefaultSafety - 5*time.Minute)
		synctest.Wait()
		if n := r.scanCount(); n != 2 {
			t.Fatalf("%d scans after the jump, want 2", n)
		}
		if got := r.scanAt(1).Sub(t0); got != 8*h+DefaultSafety {
			t.Fatalf("rescan at wall +%v, want +8h15m", got)
		}
		// Without a jump, a safety wake reads nothing.
		time.Sleep(DefaultSafety)
		synctest.Wait()
		if n := r.scanCount(); n != 2 {
			t.Fatalf("%d scans after a quiet safety wake, want 2", n)
		}
	})
}

func TestResumeRefreshAndRemote(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		resume := make(chan struct{})
		remote := &fakeRemote{changed: make(chan struct{})}
		r := start(t, func(c *Config, r *rig) { c.Resume = resume; c.Remote = remote })
		sub := r.loop.Subscribe()
		<-sub
		resume <- struct{}{}
		synctest.Wait()
		<-sub
		r.loop.Refresh()
		synctest.Wait()
		<-sub
		if n := r.scanCount(); n != 3 {
			t.Fatalf("%d scans after resume and refresh, want 3", n)
		}
		remote.mu.Lock()
		remote.ps = []profile.Profile{{ID: "anthropic:manual", Host: "box", Source: profile.Gateway, Kind: profile.Token, State: profile.Expired, Judged: true}}
		remote.mu.Unlock()
		remote.changed <- struct{}{}
		synctest.Wait()
		s := <-sub
		if s.Status != profile.Expired || len(s.Profiles) != 1 || s.Profiles[0].Host != "box" {
			t.Fatalf("merged snapshot = %s %+v, want the remote row, expired", s.Status, s.Profiles)
		}
	})
}

type fakeRemote struct {
	mu      sync.Mutex
	ps      []profile.Profile
	changed chan struct{}
}

func (f *fakeRemote) Snapshot() ([]profile.Profile, []profile.Host) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ps, nil
}
func (f *fakeRemote) Changed() <-chan struct{} { return f.changed }

func TestMissingDirIsWatchedWhenItAppears(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, nil)
		w := r.watcher
		if !w.watched("/home/u") || !w.watched("/home/u/.claude") || w.watched("/home/u/.openclaw/agents/main/agent") {
			t.Fatal("want the nearest existing parent /home/u watched, not the missing agent dir")
		}
		r.mu.Lock()
		for _, p := range []string{"/home/u/.openclaw", "/home/u/.openclaw/agents", "/home/u/.openclaw/agents/main", "/home/u/.openclaw/agents/main/agent"} {
			r.exists[p] = true
		}
		r.mu.Unlock()
		w.events <- "/home/u/.openclaw"
		time.Sleep(DefaultDebounce)
		synctest.Wait()
		if !w.watched("/home/u/.openclaw/agents/main/agent") || w.watched("/home/u") {
			t.Fatal("after the dir appeared, want the agent dir watched and not /home/u")
		}
		if n := r.scanCount(); n != 2 {
			t.Fatalf("%d scans, want 2", n)
		}
	})
}

func TestOnlyReadFilesCauseScans(t *testing.T) {
	tests := []struct {
		name   string
		events []string
		scans  int // after the first
	}{
		// $HOME is watched only for the missing ~/.openclaw.
		{"shell history in the parent of a missing dir", []string{"/home/u/.bash_history", "/home/u/.bash_history", "/home/u/.bash_history", "/home/u/.bash_history", "/home/u/.bash_history"}, 0},
		{"~/.claude.json in the parent", []string{"/home/u/.claude.json"}, 0},
		{"Claude Code's own files", []string{"/home/u/.claude/history.jsonl", "/home/u/.claude/projects", "/home/u/.claude/todos/x.json"}, 0},
		{"the missing dir appearing", []string{"/home/u/.openclaw"}, 1},
		{"the credentials file", []string{"/home/u/.claude/.credentials.json"}, 1},
		{"its temporary file", []string{"/home/u/.claude/.credentials.json.tmp.42"}, 1},
		{"the watched dir itself removed", []string{"/home/u/.claude"}, 1},
		{"the settings file", []string{"/home/u/.config/authtray/settings.toml"}, 1},
		{"another file next to the settings", []string{"/home/u/.config/authtray/notes.txt"}, 0},
		{"lost events", []string{""}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := start(t, nil)
				for _, p := range tt.events {
					r.watcher.events <- p
					time.Sleep(time.Second) // each its own debounce window
				}
				synctest.Wait()
				if n := r.scanCount() - 1; n != tt.scans {
					t.Errorf("%d scans, want %d", n, tt.scans)
				}
				if st := r.loop.Stats(); st.Events != int64(len(tt.events)) || st.Ignored != int64(len(tt.events)-tt.scans) {
					t.Errorf("stats %+v after %d events", st, len(tt.events))
				}
			})
		})
	}
}

func TestSettingsChangeReloads(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, nil)
		r.watcher.events <- "/home/u/.claude/.credentials.json"
		time.Sleep(DefaultDebounce)
		synctest.Wait()
		r.watcher.events <- "/home/u/.config/authtray/settings.toml"
		time.Sleep(DefaultDebounce)
		synctest.Wait()
		if reloads, _ := r.counts(); reloads != 1 || r.scanCount() != 3 {
			t.Fatalf("reloads %d scans %d, want 1 reload (only for the settings file) and 3 scans", reloads, r.scanCount())
		}
	})
}

func TestWatchFailureFallsBackToPolling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, func(c *Config, r *rig) {
			r.watcher.fail = errors.New("no space left on device")
		})
		if _, logs := r.counts(); logs != 1 {
			t.Fatalf("%d log lines, want exactly one sentence", logs)
		}
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		if n := r.scanCount(); n != 11 {
			t.Fatalf("%d scans in 10 minutes of polling, want 11", n)
		}
		if _, logs := r.counts(); logs != 1 {
			t.Fatalf("%d log lines, want the problem said once", logs)
		}
		r.watcher.mu.Lock()
		r.watcher.fail = nil
		r.watcher.mu.Unlock()
		time.Sleep(time.Minute)
		synctest.Wait()
		if !r.watcher.watched("/home/u/.claude") {
			t.Fatal("watching did not resume once possible")
		}
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		if n := r.scanCount(); n != 12 {
			t.Fatalf("%d scans, want polling to stop once watching works", n)
		}
	})
}

func TestSubscriberGetsLatest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, nil)
		sub := r.loop.Subscribe() // after the first scan: gets it at once
		r.loop.Refresh()
		synctest.Wait()
		r.set(token(time.Now().Add(-h)))
		r.loop.Refresh()
		synctest.Wait()
		s := <-sub
		if s.Status != profile.Expired {
			t.Fatalf("subscriber got %s, want the latest (expired)", s.Status)
		}
		select {
		case s := <-sub:
			t.Fatalf("stale snapshot %s still queued", s.Status)
		default:
		}
	})
}

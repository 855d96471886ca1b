package live

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// recorder is an Alerter that keeps every published snapshot's rows.
type recorder struct {
	mu    sync.Mutex
	snaps []profile.Snapshot
}

func (r *recorder) Update(s profile.Snapshot) {
	r.mu.Lock()
	r.snaps = append(r.snaps, s)
	r.mu.Unlock()
}

func (r *recorder) errors() (shown, published int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.snaps {
		for _, p := range s.Profiles {
			if p.State == profile.Error {
				shown++
				break
			}
		}
	}
	return shown, len(r.snaps)
}

// credsFile is a Claude Code credentials file as the reader sees it: whole
// (a login) or caught mid-write (malformed).
type credsFile struct {
	mu      sync.Mutex
	partial bool
	reads   int
}

func (f *credsFile) set(partial bool) { f.mu.Lock(); f.partial = partial; f.mu.Unlock() }

func (f *credsFile) read(context.Context) []profile.Profile {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	p := profile.Profile{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, Location: "/home/u/.claude/.credentials.json",
		LoginEndsAt: profile.Time(time.Now().Add(20 * d)), CanRefresh: true}
	if f.partial {
		p.State, p.Message = profile.Error, "Malformed JSON at line 3: the file ends early"
		p.LoginEndsAt, p.CanRefresh = nil, false
	}
	return []profile.Profile{p}
}

func (f *credsFile) count() int { f.mu.Lock(); defer f.mu.Unlock(); return f.reads }

const credsEvent = "/home/u/.claude/.credentials.json"

// TestPausedWriteDoesNotFlashMalformed: a credentials file written with a
// pause mid-write reads as malformed at the end of the debounce; the loop
// reads it once more a debounce later, finds it whole, and never shows
// the error.
func TestPausedWriteDoesNotFlashMalformed(t *testing.T) {
	eachSettle(t, func(t *testing.T, f *credsFile, rec *recorder, push func(string)) {
		f.set(true) // the writer truncated the file and paused
		push(credsEvent)
		time.Sleep(DefaultDebounce + DefaultDebounce/2)
		synctest.Wait()
		f.set(false) // … and finished
		time.Sleep(DefaultDebounce)
		synctest.Wait()
		wantSettled(t, f, rec, 0, 2, 3, "start, after the write, once more")
	})
}

// TestBrokenFileShownAfterOneMoreRead: a file that is still malformed a
// debounce later is shown; an event that leaves the same error in place
// is not read twice.
func TestBrokenFileShownAfterOneMoreRead(t *testing.T) {
	eachSettle(t, func(t *testing.T, f *credsFile, rec *recorder, push func(string)) {
		f.set(true)
		start := time.Now()
		push(credsEvent)
		time.Sleep(2*DefaultDebounce - time.Millisecond)
		synctest.Wait()
		if shown, _ := rec.errors(); shown != 0 {
			t.Fatal("the error was shown before the second read")
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if shown, n := rec.errors(); shown != 1 || n != 2 {
			t.Fatalf("%d of %d snapshots show the error %v after the write, want 1 of 2", shown, n, time.Since(start))
		}
		push(credsEvent)
		time.Sleep(DefaultDebounce)
		synctest.Wait()
		wantSettled(t, f, rec, 2, 3, 4, "start, twice after the first write, once after the second")
	})
}

// wantSettled checks a settled loop: shown of the snaps snapshots published
// show the error, and the file was read reads times (which: when).
func wantSettled(t *testing.T, f *credsFile, rec *recorder, shown, snaps, reads int, which string) {
	t.Helper()
	if gotShown, n := rec.errors(); gotShown != shown || n != snaps {
		t.Errorf("%d of %d published snapshots show the error, want %d of %d", gotShown, n, shown, snaps)
	}
	if n := f.count(); n != reads {
		t.Errorf("read %d times, want %d (%s)", n, reads, which)
	}
}

// eachSettle runs body in a bubble (synctest) on a loop over a fresh
// credsFile, once as its only source and once through Scan.
func eachSettle(t *testing.T, body func(t *testing.T, f *credsFile, rec *recorder, push func(string))) {
	for _, mode := range []string{"sources", "scan"} {
		t.Run(mode, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f, rec := &credsFile{}, &recorder{}
				body(t, f, rec, startSettle(t, mode, f, rec))
			})
		})
	}
}

// startSettle runs a loop over f, as its only source or through Scan, and
// returns what sends a file event.
func startSettle(t *testing.T, mode string, f *credsFile, rec *recorder) (push func(string)) {
	r := start(t, func(c *Config, r *rig) {
		c.Alerter = rec
		if mode == "scan" {
			c.Scan = func(ctx context.Context) profile.Snapshot {
				s := profile.Snapshot{Profiles: f.read(ctx)}
				s.Profiles[0].Judged = true
				s.Finish(profile.Policy{Now: time.Now()})
				return s
			}
			return
		}
		c.Scan = nil
		c.Sources = []Source{{Name: "claude", Read: f.read, Watches: c.Watches}}
		c.Watches = nil
	})
	return func(p string) { r.watcher.events <- p }
}

// Package live keeps a snapshot current without polling: it scans once,
// publishes the snapshot, and then sleeps until something can have changed
// it — a file event in a watched directory, the next instant a state or a
// notification threshold changes (one timer, from core/schedule), a settings
// change, a remote host, a "refresh now" request, a resume from suspend, or
// a change of the wall clock.
//
// Re-reading "only what changed": an event counts only when it is about a
// file a reader uses (fsys.Watch names them per directory; other activity
// in a watched directory is ignored), and with Config.Sources the loop knows
// whose file it was: it re-reads that source alone and judges its rows
// together with the other sources' rows kept from their last read. A timer
// wake (a threshold, an expiry, a redraw) re-reads only the sources whose
// rows depend on the time (Source.Timed: the gateway picks the profile an
// agent uses by cooldowns and disabled-until times) and judges the rest
// again. Settings changes, "refresh now", a resume, a clock change, lost
// events and polling (watching failed) re-read every source.
package live

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/schedule"
	"github.com/authtray/authtray/core/settings"
)

// Alerter receives every published snapshot (core/alert implements it).
type Alerter interface{ Update(profile.Snapshot) }

// Remote is an optional extra source of rows from other machines; its
// profiles are merged (with Host set) into each local snapshot.
type Remote interface {
	Snapshot() ([]profile.Profile, []profile.Host)
	Changed() <-chan struct{}
}

// Watcher watches directories (platform/watch implements it with fsnotify).
// Events carries the path of anything that changed inside a watched dir.
type Watcher interface {
	Add(dir string) error
	Remove(dir string) error
	Events() <-chan string
}

// Defaults for Config's zero values.
const (
	DefaultDebounce = 200 * time.Millisecond
	// DefaultSafety bounds how long the loop sleeps: when it wakes it
	// compares the wall clock with the monotonic one, so a clock change or a
	// suspend the system did not announce (Config.Resume and ClockChanged
	// nil: no logind, a darwin build without cgo) is noticed within this
	// time.
	DefaultSafety = 15 * time.Minute
	// DefaultPoll is the coarse re-check used when file watching fails.
	DefaultPoll = time.Minute
	// jumpTolerance is how far wall and monotonic time may drift apart in
	// one sleep before the loop calls it a clock jump or a resume.
	jumpTolerance = 5 * time.Second
)

// Source is one local reader whose rows the loop keeps between reads.
type Source struct {
	Name string // for debug output
	// Read returns the source's rows unjudged: the loop keeps them and
	// passes them to Config.Judge again whenever the time moves on.
	Read func(context.Context) []profile.Profile
	// Watches are the directories and files Read uses: a change in them
	// re-reads this source only.
	Watches func() []fsys.Watch
	// Timed means Read's result depends on the time, not only on the
	// files: it is read again on every timer wake that re-judges.
	Timed bool
}

// Config is what the loop needs; Scan or Sources is required, the rest is
// optional.
type Config struct {
	// Sources are the local readers, each re-read only when something it
	// depends on changed. Judge turns their rows (in this order) into a
	// judged snapshot at the current time; it must not change the rows
	// (scan.Judge copies them). Default: profile.Snapshot.Finish with Now
	// and Zone, on copies.
	Sources []Source
	Judge   func(rows ...[]profile.Profile) profile.Snapshot
	// Scan, used when Sources is empty, reads every local source and
	// returns a judged snapshot; it runs for every change.
	Scan func(context.Context) profile.Snapshot
	// Watches are more directories whose changes can change the result
	// (besides each source's), and which of their entries matter; a change
	// in them re-reads every source.
	Watches func() []fsys.Watch
	// SettingsPath is authtray's settings file; when it changes,
	// ReloadSettings is called before the next scan.
	SettingsPath   string
	ReloadSettings func()
	// Notify returns the notification thresholds ("notify before";
	// default settings.DefaultNotify, as core/alert's).
	Notify  func() []time.Duration
	Watcher Watcher
	// Exists reports whether a directory exists (default: os.Stat).
	Exists  func(string) bool
	Remote  Remote
	Alerter Alerter
	// Resume fires after the machine wakes from suspend, ClockChanged after
	// the wall clock is set (platform/power). Timers run on the monotonic
	// clock, so without these the loop learns of either only at its
	// safety wake.
	Resume, ClockChanged <-chan struct{}
	// Now is the wall clock (default time.Now); the loop strips its monotonic
	// reading to compare it with timers.
	Now  func() time.Time
	Zone *time.Location

	Debounce, Safety, Poll time.Duration

	// Logf prints one-line problems (never a secret); Debugf prints progress
	// when AUTHTRAY_DEBUG is set. Either may be nil.
	Logf, Debugf func(format string, args ...any)
}

// Stats counts what the loop did, for the idle-cost measurement.
type Stats struct {
	Scans   int64 // snapshots published
	Reads   int64 // source reads (Config.Scan counts as one)
	Wakeups int64 // timer firings (schedule, redraw, safety, poll)
	Events  int64 // file-system events received
	Ignored int64 // of those, events about files no reader uses
}

// Loop is a running live view. Create it with New and start it with Run.
type Loop struct {
	cfg     Config
	refresh chan struct{}
	// reread are the sources Refresh and Reread asked for since the loop
	// last looked.
	reread atomic.Uint64

	mu   sync.Mutex
	subs []chan profile.Snapshot
	last *profile.Snapshot

	// rows are each source's rows as last read, unjudged (Run only).
	rows [][]profile.Profile

	scans, reads, wakeups, events, ignored atomic.Int64
}

// A dirty set has one bit per Source (bit i for Sources[i]).
type dirtySet = uint64

// everything marks every source dirty.
const everything dirtySet = ^dirtySet(0)

// timed are the sources whose rows depend on the time.
func (l *Loop) timed() dirtySet {
	var m dirtySet
	for i, s := range l.cfg.Sources {
		if s.Timed {
			m |= 1 << i
		}
	}
	return m
}

// New returns a loop; Subscribe before Run to get the first snapshot.
func New(cfg Config) *Loop {
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	if cfg.Safety <= 0 {
		cfg.Safety = DefaultSafety
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Exists == nil {
		cfg.Exists = func(dir string) bool { _, err := os.Stat(dir); return err == nil }
	}
	if cfg.Notify == nil {
		cfg.Notify = settings.DefaultNotify // as core/alert's default
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Debugf == nil {
		cfg.Debugf = func(string, ...any) {}
	}
	if len(cfg.Sources) > 64 {
		panic("live: more than 64 sources")
	}
	if cfg.Judge == nil {
		now, zone := cfg.Now, cfg.Zone
		cfg.Judge = func(rows ...[]profile.Profile) profile.Snapshot {
			var s profile.Snapshot
			for _, r := range rows {
				s.Profiles = append(s.Profiles, r...)
			}
			s.Finish(profile.Policy{Now: now(), Zone: zone})
			return s
		}
	}
	return &Loop{cfg: cfg, refresh: make(chan struct{}, 1), rows: make([][]profile.Profile, len(cfg.Sources))}
}

// Subscribe returns a channel that receives every published snapshot. A slow
// reader only ever misses stale ones: the channel holds the latest.
func (l *Loop) Subscribe() <-chan profile.Snapshot {
	ch := make(chan profile.Snapshot, 1)
	l.mu.Lock()
	l.subs = append(l.subs, ch)
	if l.last != nil {
		ch <- *l.last
	}
	l.mu.Unlock()
	return ch
}

// Refresh asks for a re-scan now ("Refresh now" in the menu): every source
// is read again. It never blocks.
func (l *Loop) Refresh() { l.ask(everything) }

// Reread asks for the named sources to be read again now (a Claude Code
// keychain item changed: "claude"); a name no source has reads everything.
// It never blocks.
func (l *Loop) Reread(names ...string) {
	var m dirtySet
	for _, n := range names {
		found := false
		for i, s := range l.cfg.Sources {
			if s.Name == n {
				m |= 1 << i
				found = true
			}
		}
		if !found {
			m = everything
		}
	}
	l.ask(m)
}

func (l *Loop) ask(m dirtySet) {
	l.reread.Or(m)
	select {
	case l.refresh <- struct{}{}:
	default:
	}
}

// Stats returns the counters so far.
func (l *Loop) Stats() Stats {
	return Stats{Scans: l.scans.Load(), Reads: l.reads.Load(), Wakeups: l.wakeups.Load(), Events: l.events.Load(), Ignored: l.ignored.Load()}
}

// wall is the wall clock without its monotonic reading, so that differences
// between two readings follow clock changes.
func (l *Loop) wall() time.Time { return l.cfg.Now().Round(0) }

// Run scans, publishes and waits for changes until ctx is done.
func (l *Loop) Run(ctx context.Context) error {
	w := &watchSet{cfg: &l.cfg, dirs: map[string]bool{}}
	var events <-chan string
	if l.cfg.Watcher != nil {
		events = l.cfg.Watcher.Events()
	} else {
		w.degraded = true
	}
	w.sync()
	snap := l.scan(ctx, everything, false)

	var remoteChanged <-chan struct{}
	if l.cfg.Remote != nil {
		remoteChanged = l.cfg.Remote.Changed()
	}
	target, hasTarget := l.target(snap)
	for {
		sl := l.sleep(w, target, hasTarget)
		if err := sl.wait(ctx, events, remoteChanged); err != nil {
			return err
		}
		if !sl.rescan {
			continue
		}
		snap = l.rescan(ctx, w, sl.wake)
		target, hasTarget = l.target(snap)
	}
}

// rescan reads what a wake made dirty, reloading the settings first when
// they changed, and publishes the snapshot.
func (l *Loop) rescan(ctx context.Context, w *watchSet, wk wake) profile.Snapshot {
	if wk.settingsChanged {
		// New settings can change what every source reads (extra
		// dirs) and how it is judged (the warn window).
		wk.dirty = everything
		if l.cfg.ReloadSettings != nil {
			l.cfg.ReloadSettings()
			l.cfg.Debugf("settings reloaded")
		}
	}
	if wk.dirty != 0 && l.cfg.Watcher != nil {
		// Re-arm before reading: a directory that just appeared is
		// watched before it is read, so nothing written in between is
		// lost; a poll wake retries watching (the limit may have been
		// raised).
		w.sync()
	}
	return l.scan(ctx, wk.dirty, wk.written)
}

// target is the next instant this snapshot goes stale: a state or
// notification threshold (schedule.Next) or a redraw of its relative texts
// (schedule.Refresh).
func (l *Loop) target(s profile.Snapshot) (time.Time, bool) {
	now := l.wall()
	t, ok := schedule.Next(s, now, s.Warn, l.cfg.Notify())
	if r, rok := schedule.Refresh(s, now); rok && (!ok || r.Before(t)) {
		t, ok = r, true
	}
	return t, ok
}

// jumped reports whether the wall clock moved differently from the
// monotonic clock since start. Go timers run on the monotonic clock, which
// stops during suspend on Linux, so after a resume the wall clock is ahead.
func (l *Loop) jumped(start, mono time.Time) bool {
	diff := l.wall().Sub(start) - time.Since(mono)
	return diff > jumpTolerance || diff < -jumpTolerance
}

// touchesSettings reports whether a changed path is the settings file or a
// directory on the way to it (the config dir being created).
func (l *Loop) touchesSettings(p string) bool {
	s := l.cfg.SettingsPath
	if s == "" {
		return false
	}
	return p == s || strings.HasPrefix(s, p+string(filepath.Separator))
}

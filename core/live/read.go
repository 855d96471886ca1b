package live

import (
	"context"
	"slices"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// scan reads the dirty sources again, judges every source's rows, merges
// remote rows, and publishes the result. Without Sources it runs Scan.
// After a write (settle), a read that shows a new error is read again
// once more after the debounce before it is shown (see settled).
func (l *Loop) scan(ctx context.Context, dirty dirtySet, settle bool) profile.Snapshot {
	var snap profile.Snapshot
	if len(l.cfg.Sources) == 0 {
		var before []profile.Profile
		if last := l.latest(); last != nil {
			before = last.Profiles
		}
		snap = l.cfg.Scan(ctx)
		l.reads.Add(1)
		if settle && newError(before, snap.Profiles) && l.settled(ctx) {
			snap = l.cfg.Scan(ctx)
			l.reads.Add(1)
		}
	} else {
		again := l.read(ctx, dirty)
		if settle && again != 0 && l.settled(ctx) {
			l.read(ctx, again)
		}
		snap = l.cfg.Judge(l.rows...)
	}
	if l.cfg.Remote != nil {
		ps, hosts := l.cfg.Remote.Snapshot()
		snap = Merge(snap, ps, hosts, l.cfg.Zone)
	}
	l.scans.Add(1)
	l.publish(snap)
	return snap
}

// read reads the dirty sources and returns those whose rows now hold an
// error they did not hold before.
func (l *Loop) read(ctx context.Context, dirty dirtySet) dirtySet {
	var erred dirtySet
	for i, s := range l.cfg.Sources {
		if dirty&(1<<i) == 0 {
			continue
		}
		before := l.rows[i]
		l.rows[i] = s.Read(ctx)
		l.reads.Add(1)
		l.cfg.Debugf("read %s: %d rows", s.Name, len(l.rows[i]))
		if newError(before, l.rows[i]) {
			erred |= 1 << i
		}
	}
	return erred
}

// settled waits one debounce before a file that was just written and now
// reads as broken is read again: a writer that pauses mid-write (a file
// written in place, or in two steps) leaves it truncated for a moment,
// and "malformed" must not flash in the tray or reach `watch` for that.
// A file that is still broken then is shown. False when ctx ends first.
func (l *Loop) settled(ctx context.Context) bool {
	l.cfg.Debugf("a just-written file reads as broken; reading it again in %v", l.cfg.Debounce)
	t := time.NewTimer(l.cfg.Debounce)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// newError reports whether after holds an error row (a store that could not
// be read or parsed) that before did not hold with the same message.
func newError(before, after []profile.Profile) bool {
	for _, p := range after {
		if p.State != profile.Error {
			continue
		}
		seen := slices.ContainsFunc(before, func(q profile.Profile) bool {
			return q.State == profile.Error && q.Key() == p.Key() && q.Message == p.Message
		})
		if !seen {
			return true
		}
	}
	return false
}

// Latest is the last snapshot published (false before the first): what
// the tray shows now, for an action that comes from outside the menu (a
// notification's button).
func (l *Loop) Latest() (profile.Snapshot, bool) {
	if s := l.latest(); s != nil {
		return *s, true
	}
	return profile.Snapshot{}, false
}

func (l *Loop) latest() *profile.Snapshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

func (l *Loop) publish(s profile.Snapshot) {
	l.mu.Lock()
	l.last = &s
	for _, ch := range l.subs {
		select { // latest wins: drop an unread older snapshot
		case <-ch:
		default:
		}
		ch <- s
	}
	l.mu.Unlock()
	l.cfg.Debugf("snapshot published: status=%s profiles=%d", s.Status, len(s.Profiles))
	if l.cfg.Alerter != nil {
		l.cfg.Alerter.Update(s)
	}
}

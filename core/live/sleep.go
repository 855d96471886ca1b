package live

import (
	"context"
	"time"
)

// wake is what one sleep of the loop ended with.
type wake struct {
	// dirty are the sources to read again before judging: those whose
	// files changed, and more as the wake's cause requires.
	dirty dirtySet
	// written: a file event came in (a just-written file may read as
	// broken for a moment; see Loop.settled).
	written         bool
	settingsChanged bool
	// rescan: judge again and publish; otherwise only re-arm the timer.
	rescan bool
}

// sleep is one wait of the loop for its next cause: one timer (the
// snapshot's next instant, the poll when watching failed, or the safety
// wake, whichever is first), file events with their debounce, and the
// channels that ask for a scan.
type sleep struct {
	l           *Loop
	w           *watchSet
	start, mono time.Time
	target      time.Time
	hasTarget   bool
	timer       *time.Timer
	debounce    *time.Timer // from the first event, nil before
	wake
	rearm bool
}

func (l *Loop) sleep(w *watchSet, target time.Time, hasTarget bool) *sleep {
	sl := &sleep{l: l, w: w, start: l.wall(), mono: time.Now(), target: target, hasTarget: hasTarget}
	due := sl.start.Add(l.cfg.Safety)
	if hasTarget && target.Before(due) {
		due = target
	}
	if w.degraded {
		if t := sl.start.Add(l.cfg.Poll); t.Before(due) {
			due = t
		}
	}
	l.cfg.Debugf("sleeping %v", due.Sub(sl.start).Round(time.Millisecond))
	sl.timer = time.NewTimer(due.Sub(sl.start))
	return sl
}

// wait returns once the loop must rescan or re-arm (sl.rescan, sl.rearm),
// or with ctx's error.
func (sl *sleep) wait(ctx context.Context, events <-chan string, remoteChanged <-chan struct{}) error {
	l := sl.l
	defer sl.stop()
	for !sl.rescan && !sl.rearm {
		var debounce <-chan time.Time
		if sl.debounce != nil {
			debounce = sl.debounce.C
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case p := <-events:
			sl.event(p)
		case <-debounce:
			sl.debounce = nil
			sl.rescan = true
		case <-sl.timer.C:
			sl.timerFired()
		case <-l.refresh:
			sl.dirty |= l.reread.Swap(0)
			sl.rescan = true
		case <-remoteChanged:
			// Only the remote rows changed: judge the kept local rows
			// with them (and whatever events are waiting).
			sl.rescan = true
		case <-l.cfg.Resume:
			l.cfg.Debugf("resumed from suspend; re-checking")
			sl.dirty, sl.rescan = everything, true
		case <-l.cfg.ClockChanged:
			sl.clockChanged()
		}
	}
	return nil
}

func (sl *sleep) stop() {
	sl.timer.Stop()
	if sl.debounce != nil {
		sl.debounce.Stop()
	}
}

// event counts a file event about a file some reader uses.
func (sl *sleep) event(p string) {
	l := sl.l
	l.events.Add(1)
	m := sl.w.affected(p)
	if m == 0 {
		l.ignored.Add(1)
		return
	}
	sl.dirty |= m
	sl.written = true
	if l.touchesSettings(p) {
		sl.settingsChanged = true
	}
	// Fixed window from the first event, not reset by later ones: a
	// burst (write, rename, chmod) becomes one scan, and a steady stream
	// still updates the view.
	if sl.debounce == nil {
		sl.debounce = time.NewTimer(l.cfg.Debounce)
	}
}

// timerFired: a threshold passed, the poll or the safety wake.
func (sl *sleep) timerFired() {
	l := sl.l
	l.wakeups.Add(1)
	jumped := l.jumped(sl.start, sl.mono)
	if jumped {
		l.cfg.Debugf("wall clock moved against the monotonic clock (suspend or clock change); re-checking")
	}
	due := sl.hasTarget && !l.wall().Before(sl.target)
	switch {
	case jumped || sl.w.degraded:
		// After a suspend anything may have changed unseen; polling
		// sees changes only by reading.
		sl.dirty = everything
	case due:
		// A threshold passed: judge the kept rows with the new time,
		// and read again what depends on it.
		sl.dirty |= l.timed()
	}
	// A bare safety wake with no jump changes nothing: go back to sleep
	// without reading anything, unless events are waiting for their
	// debounce.
	sl.rescan = jumped || sl.w.degraded || due || sl.debounce != nil
	sl.rearm = !sl.rescan
}

// clockChanged: the wall clock was set.
func (sl *sleep) clockChanged() {
	l := sl.l
	if !l.jumped(sl.start, sl.mono) {
		// A step within the tolerance (time sync nudging the clock,
		// which some VMs do many times a second): re-arming from the
		// new wall clock keeps the timer right, and nothing needs
		// reading.
		sl.rearm = true
		return
	}
	// The timer was armed for a wall-clock instant measured with the old
	// clock: re-judge and re-arm with the new one.
	l.cfg.Debugf("wall clock changed; re-checking")
	sl.dirty, sl.rescan = everything, true
}

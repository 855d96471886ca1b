// Package schedule says when the next thing worth waking up for happens: a
// credential entering its warn window, a notification threshold, an expiry,
// the end of a login, the end of a gateway cooldown. The live loop arms one
// timer for that instant and nothing else ticks.
package schedule

import (
	"time"

	"github.com/authtray/authtray/core/profile"
)

// Next returns the earliest instant after now at which any profile's state
// or a notification threshold changes: warn-window start, each "notify
// before" threshold, the deadline itself (expiry or login end), and the end
// of a gateway cooldown. ok is false when nothing will ever change by the
// passage of time alone (only API keys, or no deadlines at all).
//
// warn is the snapshot's warn window (per-profile windows come from
// profile.Policy.WarnFor, so a Claude Code login warns 10 days ahead).
func Next(s profile.Snapshot, now time.Time, warn time.Duration, notify []time.Duration) (next time.Time, ok bool) {
	pol := profile.Policy{Now: now, Warn: warn}
	consider := func(t time.Time) {
		if t.After(now) && (!ok || t.Before(next)) {
			next, ok = t, true
		}
	}
	for _, p := range s.Profiles {
		if p.Unusable != nil && p.Unusable.Until != nil {
			consider(*p.Unusable.Until)
		}
		d, has := p.Deadline()
		if !has {
			continue
		}
		consider(d)
		consider(d.Add(-pol.WarnFor(p)))
		for _, before := range notify {
			if before > 0 {
				consider(d.Add(-before))
			}
		}
	}
	return next, ok
}

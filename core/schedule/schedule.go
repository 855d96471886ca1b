// Package schedule says when the next thing worth waking up for happens: a
// credential entering its warn window, a notification threshold, an expiry,
// the end of a login, the end of a gateway cooldown. The live loop arms one
// timer for that instant and nothing else ticks.
//
// The notification moments are listed once (Notifications): the alert
// policy sends at them and the loop wakes for them, so a new kind of
// moment cannot be sent by one and slept through by the other.
package schedule

import (
	"slices"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// A Moment is one notification moment of a profile.
type Moment struct {
	At time.Time
	// Before is how long before the deadline it is: the warn window, a
	// "notify before" setting, or 0 for the deadline itself.
	Before time.Duration
}

// Notifications are p's notification moments, earliest first: the start of
// its warn window (per profile: profile.Policy.WarnFor, so a Claude Code
// login warns 10 days ahead), each "notify before" threshold in before
// (those of 0 or less are none), and its deadline (its expiry, or the end
// of a refreshable login). A profile with no deadline has none.
func Notifications(p profile.Profile, pol profile.Policy, before []time.Duration) []Moment {
	d, ok := p.Deadline()
	if !ok {
		return nil
	}
	ms := []Moment{{At: d.Add(-pol.WarnFor(p)), Before: pol.WarnFor(p)}}
	for _, b := range before {
		if b > 0 {
			ms = append(ms, Moment{At: d.Add(-b), Before: b})
		}
	}
	ms = append(ms, Moment{At: d})
	slices.SortStableFunc(ms, func(a, b Moment) int { return a.At.Compare(b.At) })
	return ms
}

// Next returns the earliest instant after now at which any profile's state
// or a notification threshold changes: each of its Notifications, the end
// of a gateway cooldown, and the moment the gateway stops counting an OAuth
// access token it cannot refresh. ok is false when nothing will ever change by
// the passage of time alone (only API keys, or no deadlines at all).
//
// warn is the snapshot's warn window, before the "notify before" settings.
func Next(s profile.Snapshot, now time.Time, warn time.Duration, before []time.Duration) (next time.Time, ok bool) {
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
		for _, m := range Notifications(p, pol, before) {
			consider(m.At)
		}
		if p.Source == profile.Gateway && p.Kind == profile.OAuth && !p.CanRefresh && p.ExpiresAt != nil {
			// The gateway finds no usable auth in such an access token
			// once under oauthMargin is left (hasUsableOAuthCredential):
			// its model loses its credential then, not at the expiry.
			consider(p.ExpiresAt.Add(-oauthMargin))
		}
	}
	return next, ok
}

// oauthMargin is how long before its expiry the gateway stops counting an
// OAuth access token it cannot refresh (core/gateway's credReadiness).
const oauthMargin = 5 * time.Minute

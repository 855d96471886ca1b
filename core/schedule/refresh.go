package schedule

import (
	"time"

	"github.com/authtray/authtray/core/profile"
)

// Refresh returns when the relative texts of the menu and tooltip ("expires
// in 5 h 12 m", "expired 2 h ago") are worth redrawing. The cadence follows
// the precision a person needs at that distance, so an idle tray wakes up a
// handful of times an hour at most:
//
//	under 1 h away   every minute (on the minute of the countdown)
//	under 6 h        every 5 minutes
//	under 1 day      every 15 minutes
//	under 7 days     every hour
//	further          every 6 hours
//
// The clock times beside them ("· Tue 14:03") never go stale; state changes
// are Next's job. A refreshable login's access token is shown by its clock
// time ("valid until 15:12"), not counted down: it is renewed every few
// hours while the login lasts, and a countdown would wake the tray every
// minute of each last hour for a time that is not a deadline. Its text
// changes once, when the token lapses ("refreshes on next use"), and Refresh
// wakes for that instant only. Rows with no time in their text (API keys,
// unreadable, missing, unreachable) are not looked at. ok is false when no
// row shows a relative time.
func Refresh(s profile.Snapshot, now time.Time) (at time.Time, ok bool) {
	closest := time.Duration(-1)
	var anchor, flip time.Time
	see := func(t *time.Time) {
		if t == nil {
			return
		}
		d := t.Sub(now)
		if d < 0 {
			d = -d
		}
		if closest < 0 || d < closest {
			closest, anchor = d, *t
		}
	}
	for _, p := range s.Profiles {
		switch {
		case p.Kind == profile.APIKey, p.State == profile.Error, p.State == profile.Missing, p.State == profile.Unreachable:
		case p.Kind == profile.OAuth && p.CanRefresh:
			see(p.LoginEndsAt)
			if e := p.ExpiresAt; e != nil && e.After(now) && (flip.IsZero() || e.Before(flip)) {
				flip = *e
			}
		default:
			see(p.ExpiresAt)
		}
	}
	if closest < 0 {
		return flip, !flip.IsZero()
	}
	at = now.Add(Cadence(closest))
	if Cadence(closest) == time.Minute {
		// Land on the countdown's own minute boundary, so "12 m" turns into
		// "11 m" when it should and not up to a minute late.
		off := anchor.Sub(now) % time.Minute
		if off <= 0 {
			off += time.Minute
		}
		at = now.Add(off)
	}
	if !flip.IsZero() && flip.Before(at) {
		at = flip
	}
	return at, true
}

// Cadence is the redraw interval for a relative time d away (see Refresh).
func Cadence(d time.Duration) time.Duration {
	switch {
	case d < time.Hour:
		return time.Minute
	case d < 6*time.Hour:
		return 5 * time.Minute
	case d < 24*time.Hour:
		return 15 * time.Minute
	case d < 7*24*time.Hour:
		return time.Hour
	default:
		return 6 * time.Hour
	}
}

package tray

import (
	"strings"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// Expiry is a row's text after the dash (see the package comment).
func Expiry(p profile.Profile, now time.Time, zone *time.Location) string {
	return expiry(p, now, zone, true)
}

func expiry(p profile.Profile, now time.Time, zone *time.Location, clock bool) string {
	pol := profile.Policy{Now: now, Zone: zone}
	at := func(t time.Time) string {
		if !clock {
			return ""
		}
		return " · " + pol.Clock(t)
	}
	var s string
	switch {
	case p.State == profile.Error:
		s = "unreadable: " + profile.LowerFirst(strings.TrimPrefix(p.Message, "Unreadable: "))
	case p.State == profile.Unreachable:
		s = "unreachable: " + profile.LowerFirst(p.Message)
	case p.State == profile.Missing:
		s = profile.LowerFirst(p.Message)
		if s == "" {
			s = "missing"
		}
	case p.Kind == profile.APIKey:
		s = "API key · no expiry"
	case p.Kind == profile.OAuth && p.CanRefresh:
		access := "access token refreshes on next use"
		if p.ExpiresAt != nil && p.ExpiresAt.After(now) {
			// A clock time, not a countdown: see schedule.Refresh.
			access = "access token valid until " + pol.Clock(*p.ExpiresAt) + ", then refreshes"
		}
		switch {
		case p.LoginEndsAt == nil:
			s = access
		case !p.LoginEndsAt.After(now):
			s = "login ended " + profile.Ago(now.Sub(*p.LoginEndsAt))
		case p.State == profile.Expiring:
			s = "login ends in " + profile.Span(p.LoginEndsAt.Sub(now)) + at(*p.LoginEndsAt)
		default:
			s = access + " · login ends in " + profile.Span(p.LoginEndsAt.Sub(now))
		}
	case p.ExpiresAt == nil:
		s = "expiry unknown"
	case !p.ExpiresAt.After(now):
		s = "expired " + profile.Ago(now.Sub(*p.ExpiresAt))
	default:
		s = "expires in " + profile.Span(p.ExpiresAt.Sub(now)) + at(*p.ExpiresAt)
	}
	if u := p.Unusable; u != nil {
		switch {
		case u.Until != nil && u.Until.After(now):
			s += " · " + orDefault(u.Kind, "unusable") + " until " + pol.Clock(*u.Until)
		case u.Until == nil:
			s += " · disabled by the gateway"
			if u.Reason != "" {
				s += " (" + u.Reason + ")"
			}
		}
	}
	if !p.Judged && clock {
		switch {
		case p.Note != "":
			s += " · " + p.Note
		case p.Source == profile.Gateway && len(p.UsedBy) == 0:
			s += " · not in use"
		}
	}
	return s
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

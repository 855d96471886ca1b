package profile

import (
	"strconv"
	"strings"
	"time"
)

// DefaultWarn is the gateway's fixed warn window.
const DefaultWarn = 24 * time.Hour

// Policy holds what Judge needs besides the profile.
type Policy struct {
	Now  time.Time
	Warn time.Duration // warn window; DefaultWarn when zero
	Zone *time.Location
}

func (pol Policy) warn() time.Duration {
	if pol.Warn <= 0 {
		return DefaultWarn
	}
	return pol.Warn
}

// WarnFor is the window in which this profile is "expiring". A login
// warns at least as early as the program it belongs to does (LoginWarn).
func (pol Policy) WarnFor(p Profile) time.Duration {
	w := pol.warn()
	if p.Kind == OAuth && p.CanRefresh && w < p.LoginWarn {
		return p.LoginWarn
	}
	return w
}

// Judge fills in State, Message and Refreshable from the profile's facts.
// Sources that already know the answer (an unreadable store, a missing
// credential) set State themselves and Judge leaves it alone.
func Judge(p *Profile, pol Policy) {
	p.Refreshable = p.Kind == OAuth && p.CanRefresh
	if p.State != "" {
		return
	}
	switch {
	case p.Kind == APIKey:
		p.State, p.Message = OK, "API key · no expiry"
	case p.Kind == OAuth && p.CanRefresh:
		judgeRefreshable(p, pol)
	default:
		judgeStatic(p, pol)
	}
}

// judgeRefreshable: the access token expiring is routine (its owner refreshes
// it on next use); only the end of the login is a deadline.
func judgeRefreshable(p *Profile, pol Policy) {
	if u := p.authDisabled(pol.Now); u != nil {
		// The gateway refreshes on use, but it has stopped using this
		// profile because signing in with it failed: refreshing is not
		// going to happen, so it needs a new login (issue 3: "unless ...
		// the gateway disabled the profile for auth").
		p.State = Expired
		p.Message = "Disabled by the gateway for auth (" + u.Reason + ") until " + pol.Clock(*u.Until)
		if p.ExpiresAt != nil && !p.ExpiresAt.After(pol.Now) {
			p.Message += " · access token expired " + Ago(pol.Now.Sub(*p.ExpiresAt))
		}
		p.Note = dropNote(p.Note, "disabled by the gateway")
		return
	}
	// Each message is built in one buffer: a large host judges thousands
	// of rows on every scan, and each part made its own string.
	msg := make([]byte, 0, 96)
	if p.ExpiresAt != nil && p.ExpiresAt.After(pol.Now) {
		msg = append(msg, "Access token valid "...)
		msg = appendIn(msg, p.ExpiresAt.Sub(pol.Now))
		msg = append(msg, ", then refreshes automatically"...)
	} else {
		msg = append(msg, "Access token refreshes on next use"...)
	}
	if p.LoginEndsAt == nil {
		p.State, p.Message = OK, string(msg)
		return
	}
	end := *p.LoginEndsAt
	left := end.Sub(pol.Now)
	switch p.State = byDeadline(left, pol.WarnFor(*p)); p.State {
	case Expired:
		p.Message = "Login ended " + Ago(-left) + " (" + pol.Clock(end) + ")"
	case Expiring:
		p.Message = "Login ends in " + Span(left) + " (" + pol.Clock(end) + ")"
	default:
		msg = append(msg, " · login ends in "...)
		p.Message = string(appendSpan(msg, left))
	}
}

// byDeadline is the state of a deadline left away: expired once it has
// passed, expiring inside the warn window, else ok.
func byDeadline(left, warn time.Duration) State {
	switch {
	case left <= 0:
		return Expired
	case left <= warn:
		return Expiring
	}
	return OK
}

// authDisabled is the gateway's auth disable of this profile while it lasts:
// disabledReason auth or auth_permanent with disabledUntil in the future.
// A cooldown or a billing/rate-limit disable says nothing about the login.
func (p Profile) authDisabled(now time.Time) *Unusable {
	u := p.Unusable
	if u == nil || u.Kind != "disabled" || u.Until == nil || !u.Until.After(now) {
		return nil
	}
	if u.Reason != "auth" && u.Reason != "auth_permanent" {
		return nil
	}
	return u
}

// dropNote removes from a " · "-joined note the parts that start with
// prefix, when the message already says the same.
func dropNote(note, prefix string) string {
	var keep []string
	for _, part := range strings.Split(note, " · ") {
		if part != "" && !strings.HasPrefix(part, prefix) {
			keep = append(keep, part)
		}
	}
	return strings.Join(keep, " · ")
}

func judgeStatic(p *Profile, pol Policy) {
	if p.ExpiresAt == nil {
		p.State, p.Message = Unknown, "Expiry unknown"
		return
	}
	end := *p.ExpiresAt
	left := end.Sub(pol.Now)
	p.State = byDeadline(left, pol.WarnFor(*p))
	if p.State == Expired {
		p.Message = "Expired " + Ago(-left) + " (" + pol.Clock(end) + ")"
		return
	}
	msg := append(make([]byte, 0, 64), "Expires in "...)
	msg = append(appendSpan(msg, left), " ("...)
	p.Message = string(append(pol.appendClock(msg, end), ')'))
}

// Clock renders t for people: the time of day when it is within a day or so,
// the weekday and time within a week, else the date.
func (pol Policy) Clock(t time.Time) string {
	return string(pol.appendClock(make([]byte, 0, 16), t))
}

// appendClock appends Clock(t) to b.
func (pol Policy) appendClock(b []byte, t time.Time) []byte {
	loc := pol.Zone
	if loc == nil {
		loc = time.Local
	}
	t = t.In(loc)
	now := pol.Now.In(loc)
	d := t.Sub(now)
	if d < 0 {
		d = -d
	}
	switch {
	case d < 20*time.Hour && t.YearDay() == now.YearDay() && t.Year() == now.Year():
		return t.AppendFormat(b, "15:04")
	case d < 6*24*time.Hour:
		return t.AppendFormat(b, "Mon 15:04")
	case t.Year() == now.Year():
		return t.AppendFormat(b, "Jan 2")
	default:
		return t.AppendFormat(b, "Jan 2 2006")
	}
}

// Span renders a positive duration the way a person says it: "5 h 12 m",
// "23 d", "3 d 4 h", "45 m", "under a minute".
func Span(d time.Duration) string {
	if d < time.Minute {
		return "under a minute"
	}
	return string(appendSpan(make([]byte, 0, 16), d))
}

// appendSpan appends Span(d) to b.
func appendSpan(b []byte, d time.Duration) []byte {
	if d < time.Minute {
		return append(b, "under a minute"...)
	}
	days := int64(d / (24 * time.Hour))
	hours := int64(d % (24 * time.Hour) / time.Hour)
	mins := int64(d % time.Hour / time.Minute)
	n := strconv.AppendInt
	switch {
	case days >= 7:
		// Rounded, not truncated: a token pasted for 365 d a moment ago
		// reads 365 d, not 364 d.
		// Rounded without adding to d: d+12 h overflowed near the
		// largest Duration, which Time.Sub gives for an expiry centuries
		// away ("Expires in -106751 d").
		if d%(24*time.Hour) >= 12*time.Hour {
			days++
		}
		return append(n(b, days, 10), " d"...)
	case days > 0 && hours > 0:
		return append(n(append(n(b, days, 10), " d "...), hours, 10), " h"...)
	case days > 0:
		return append(n(b, days, 10), " d"...)
	case hours > 0 && mins > 0:
		return append(n(append(n(b, hours, 10), " h "...), mins, 10), " m"...)
	case hours > 0:
		return append(n(b, hours, 10), " h"...)
	default:
		return append(n(b, mins, 10), " m"...)
	}
}

// In is "in 5 h 12 m".
func In(d time.Duration) string {
	if d < time.Minute {
		return "for under a minute"
	}
	return "for " + Span(d)
}

// appendIn appends In(d) to b.
func appendIn(b []byte, d time.Duration) []byte {
	return appendSpan(append(b, "for "...), d)
}

// Ago is "2 h ago" or "just now".
func Ago(d time.Duration) string {
	if d < time.Minute {
		return "just now"
	}
	return Span(d) + " ago"
}

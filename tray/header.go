package tray

import (
	"fmt"
	"strings"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// Verdict is the header line.
func Verdict(s profile.Snapshot) string {
	if s.Status == profile.OK || s.Status == profile.Unknown {
		return "Claude auth OK"
	}
	counts := map[profile.State]int{}
	for _, p := range s.Profiles {
		if p.NeedsAction() {
			counts[p.State]++
		}
	}
	var parts []string
	for _, st := range []struct {
		s    profile.State
		word string
	}{{profile.Expired, "expired"}, {profile.Missing, "missing"}, {profile.Expiring, "expiring"}, {profile.Error, "unreadable"}, {profile.Unreachable, "unreachable"}} {
		if n := counts[st.s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st.word))
		}
	}
	if len(parts) == 0 {
		if s.Status == profile.Missing {
			return "Claude auth: no credentials found"
		}
		return "Claude auth: " + string(s.Status)
	}
	return "Claude auth: " + strings.Join(parts, ", ")
}

// Tooltip is the icon's hover text (see Title for the macOS menu bar):
// "Claude auth OK · next: login ends in 23 d" or, when something needs the
// user, the worst row in a few words ("anthropic:manual expires in 3 h"),
// with "(+N more)" when other rows need action too.
func Tooltip(s profile.Snapshot, o Options) string {
	now := o.Now
	if now.IsZero() {
		now = s.CheckedAt
	}
	var needs []profile.Profile
	for _, p := range s.Profiles {
		if p.NeedsAction() {
			needs = append(needs, p)
		}
	}
	if len(needs) == 0 {
		if s.Status == profile.Missing {
			return "Claude auth: no credentials found"
		}
		if s.Status != profile.OK && s.Status != profile.Unknown {
			return Verdict(s)
		}
		next, nextAt := nextDeadline(s, now)
		if next == nil {
			return "Claude auth OK"
		}
		if next.Kind == profile.OAuth && next.CanRefresh {
			return "Claude auth OK · next: login ends in " + profile.Span(nextAt.Sub(now))
		}
		return "Claude auth OK · next: " + Name(*next) + " expires in " + profile.Span(nextAt.Sub(now))
	}
	worst := needs[0]
	for _, p := range needs[1:] {
		if profile.Worse(p.State, worst.State) {
			worst = p
		}
	}
	t := Name(worst) + " " + expiry(worst, now, o.Zone, false)
	switch {
	case isHostRow(worst):
		t = worst.Host + " " + worst.Message
	case worst.State == profile.Missing:
		t = Name(worst) + ": " + expiry(worst, now, o.Zone, false)
	}
	if len(needs) > 1 {
		t += fmt.Sprintf(" (+%d more)", len(needs)-1)
	}
	return t
}

// Title is the text beside the icon in the macOS menu bar, never blank:
// "OK · 23 d" (the next deadline; "OK" when none), or, when something needs
// the user, the tooltip's words for it ("anthropic:manual expires in 3 h").
func Title(s profile.Snapshot, o Options) string {
	now := o.Now
	if now.IsZero() {
		now = s.CheckedAt
	}
	if s.Status != profile.OK && s.Status != profile.Unknown {
		return Tooltip(s, o)
	}
	if next, at := nextDeadline(s, now); next != nil {
		return "OK · " + profile.Span(at.Sub(now))
	}
	return "OK"
}

// nextDeadline is the judged profile whose deadline comes first after now.
func nextDeadline(s profile.Snapshot, now time.Time) (*profile.Profile, time.Time) {
	var next *profile.Profile
	var nextAt time.Time
	for i, p := range s.Profiles {
		if d, ok := p.Deadline(); ok && p.Judged && d.After(now) && (next == nil || d.Before(nextAt)) {
			next, nextAt = &s.Profiles[i], d
		}
	}
	return next, nextAt
}

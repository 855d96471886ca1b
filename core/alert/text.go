package alert

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/source"
)

// The wording of every notification. It is part of what users see and what
// the end-to-end suite checks, so it changes only on purpose. A body is
// short and human, at most MaxBody characters with its fix hint: what,
// where and when, then how to fix it (Message.Text):
//
//	summary                          body (before the hint)
//	<id> expires in <span>           <id> (<where>) expires in <span>
//	<id> login ends in <span>        <id> (<where>) login ends in <span>
//	<id> expired                     <id> (<where>) expired
//	<id> login ended                 <id> (<where>) login ended
//	<id> is missing                  <id> (<where>): <reason>
//	No usable <provider> credential  <why, from the gateway's sentence>
//	  (<where>)
//	<id> can't be read               <id> (<where>) can't be read: <reason>
//	<id> renewed                     <id> (<where>) renewed: <state message>
//
// followed by ". Click to re-authenticate." when the notification has a
// button that runs the row's fix, else by the short fix text (". Run:
// claude setup-token.", ". Run on studio: claude setup-token." for a
// remote row, ". Re-authenticate from the authtray menu." for a command
// too long to read in a bubble): the exact command stays in the menu,
// `status` and `--json`. Unreadable stores and "renewed" get no hint.
//
// e.g. "anthropic:manual (agent main) expires in 1 h. Click to
// re-authenticate." <id> gets " on <host>" for a remote profile. <where>
// is what the row's source calls its place (core/source): "agent <name>"
// for a gateway profile ("agents a, b" using a shared store, "gateway"
// when none does), "Claude Code" for Claude Code's own login, and
// "environment" for an environment variable. A profile the gateway has
// stopped using says until when and why (", cooling down until 14:03
// (rate_limit)"). <span> is rounded up to the minute, so the 1 h
// notification says "1 h", not "59 m". Long ids, hosts, places and reasons
// are shortened with "…" to fit.
func text(p profile.Profile, d due, pol profile.Policy) (summary, body string) {
	budget := bodyBudget(p, d.threshold)
	login := p.Kind == profile.OAuth && p.CanRefresh
	var state string
	switch {
	case d.threshold == isMissing:
		if why, ok := noCredential(p); ok {
			summary = "No usable " + orDefault(p.Provider, "provider") + " credential" + where(p, 0)
			return short(summary), fitFree(why, budget)
		}
		sep, reason := " is missing", ""
		if m := strings.TrimSpace(p.Message); m != "" {
			sep, reason = ":", " "+profile.LowerFirst(m) // the source's words: "not signed in"
		}
		return summaryOf(p, "is missing"), fit(budget, func(l int) string { return what(p, l) + sep }, reason+unusable(p, pol))
	case d.threshold == isError:
		sep, reason := "", ""
		if m := strings.TrimSpace(p.Message); m != "" {
			sep, reason = ":", " "+m
		}
		return summaryOf(p, "can't be read"), fit(budget, func(l int) string { return what(p, l) + " can't be read" + sep }, reason)
	case d.threshold == atDeadline && login:
		state = "login ended"
	case d.threshold == atDeadline:
		state = "expired"
	case login:
		state = "login ends in " + profile.Span(ceilMinute(d.left))
	default:
		state = "expires in " + profile.Span(ceilMinute(d.left))
	}
	return summaryOf(p, state), fit(budget, func(l int) string { return what(p, l) + " " + state }, unusable(p, pol))
}

// MaxBody is the most characters a notification's body has, its hint
// included: a bubble shows it whole.
const MaxBody = 140

// maxSummary bounds a summary (a bubble's title line).
const maxSummary = 64

// Text is the body as shown: Body, then how to fix it, "Click to
// re-authenticate." when clicking the notification runs the fix
// (clickable), else the short fix text. It is at most MaxBody characters.
func (m Message) Text(clickable bool) string {
	h := hint(m, clickable)
	if h == "" {
		return m.Body
	}
	return sentence(m.Body) + " " + h
}

// Fixable reports whether the message is about a credential whose fix a
// click could run: a warning about it, not an unreadable store, a
// "renewed", or authtray's own message.
func (m Message) Fixable() bool {
	switch m.Threshold {
	case "", isError, Renewed:
		return false
	}
	return m.Profile.ID != "" || m.Profile.Source != ""
}

// hint is how m's credential is fixed, "" when there is nothing to do.
func hint(m Message, clickable bool) string {
	if !m.Fixable() {
		return ""
	}
	if clickable {
		return "Click to re-authenticate."
	}
	p := m.Profile
	f := fix(p)
	if utf8.RuneCountInString(f) > maxFix {
		return "Re-authenticate from the authtray menu."
	}
	if p.Host != "" {
		return "Run on " + ellipsize(p.Host, 16) + ": " + f + "."
	}
	return "Run: " + f + "."
}

// maxFix is the longest command a bubble spells out ("claude setup-token"
// and "claude auth login" fit; the gateway's paste-token chain does not).
const maxFix = 30

// bodyBudget is the room a body has before the longer of its two hints.
func bodyBudget(p profile.Profile, threshold string) int {
	m := Message{Profile: p, Threshold: threshold}
	longest := max(utf8.RuneCountInString(hint(m, true)), utf8.RuneCountInString(hint(m, false)))
	if longest == 0 {
		return MaxBody
	}
	return MaxBody - longest - 2 // ". " before the hint
}

// fit is head(level) and tail within budget: the first level at which both
// fit whole; else a level whose head leaves room for a shortened tail;
// else the shortest head, shortened.
func fit(budget int, head func(level int) string, tail string) string {
	for l := 0; l < levels; l++ {
		if h := head(l); utf8.RuneCountInString(h+tail) <= budget {
			return h + tail
		}
	}
	for l := 0; l < levels; l++ {
		if h := head(l); tail != "" && utf8.RuneCountInString(h)+12 <= budget {
			return h + ellipsize(tail, budget-utf8.RuneCountInString(h))
		}
	}
	return ellipsize(head(levels-1), budget)
}

// fitFree fits a sentence of the source's own: the part after its "no
// usable credential: " when the whole does not fit.
func fitFree(s string, budget int) string {
	if utf8.RuneCountInString(s) > budget {
		if _, why, ok := strings.Cut(s, "no usable credential: "); ok {
			s = why
		}
	}
	return ellipsize(s, budget)
}

// levels of shortening: whole names, then ids, hosts and places cut to
// these lengths.
const levels = 3

var (
	idLen    = [levels]int{1 << 20, 32, 20}
	hostLen  = [levels]int{1 << 20, 20, 12}
	whereLen = [levels]int{1 << 20, 24, 14}
)

// what is "<id> (<where>)" at a shortening level.
func what(p profile.Profile, level int) string { return name(p, level) + where(p, level) }

// sentence ends s with a full stop unless it ends a sentence already.
func sentence(s string) string {
	s = strings.TrimRight(s, " ")
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}

// short bounds a summary.
func short(s string) string { return ellipsize(s, maxSummary) }

// summaryOf is "<name> <state>", the name shortened so that the state is
// always there.
func summaryOf(p profile.Profile, state string) string {
	for l := 0; l < levels; l++ {
		if s := name(p, l) + " " + state; utf8.RuneCountInString(s) <= maxSummary {
			return s
		}
	}
	return short(ellipsize(name(p, levels-1), maxSummary-utf8.RuneCountInString(state)-1) + " " + state)
}

// ellipsize cuts s to n characters, the last one "…".
func ellipsize(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ,:(") + "…"
}

// noCredential is the gateway's own sentence for a model in use with no
// usable credential (its row is "<provider> (no credential)@<state dir>/<agent>"), which says
// why: the selected profile cooling down or disabled, with its reason and
// until when.
func noCredential(p profile.Profile) (string, bool) {
	if p.Source != profile.Gateway || !strings.Contains(p.ID, " (no credential)") || p.Message == "" {
		return "", false
	}
	return strings.TrimSpace(p.Message), true
}

// unusable says why the gateway is not using p now, "" when it is.
func unusable(p profile.Profile, pol profile.Policy) string {
	u := p.Unusable
	if u == nil {
		return ""
	}
	s := ", disabled by the gateway"
	if u.Kind == "cooldown" {
		s = ", cooling down"
	}
	if u.Until != nil {
		s += " until " + pol.Clock(*u.Until)
	}
	if u.Reason != "" {
		s += " (" + u.Reason + ")"
	}
	return s
}

func renewedText(p profile.Profile) (summary, body string) {
	tail := " renewed"
	if m := strings.TrimSpace(p.Message); m != "" {
		tail += ": " + profile.LowerFirst(m)
	}
	return summaryOf(p, "renewed"), fit(MaxBody, func(l int) string { return what(p, l) }, tail)
}

// name is the profile's id, " on <host>" for a remote one, at a
// shortening level.
func name(p profile.Profile, level int) string {
	id := p.ID
	if id == "" {
		id = string(p.Source)
	}
	id = ellipsize(id, idLen[level])
	if p.Host != "" {
		id += " on " + ellipsize(p.Host, hostLen[level])
	}
	return id
}

// where is " (<where>)", the words p's source names its place with, or ""
// when it has none (a row of no source).
func where(p profile.Profile, level int) string {
	if w := source.Of(p.Source).Where(p); w != "" {
		return " (" + ellipsize(w, whereLen[level]) + ")"
	}
	return ""
}

// fix is the command that renews p: the profile's own Fix when the source
// set one, else the Claude Code command for its kind.
func fix(p profile.Profile) string {
	if p.Fix != "" {
		return p.Fix
	}
	if source.Of(p.Source).Renew(p) == profile.RenewLogin && p.Kind == profile.OAuth {
		return "claude auth login"
	}
	return "claude setup-token"
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func ceilMinute(d time.Duration) time.Duration {
	return (d + time.Minute - 1).Truncate(time.Minute)
}

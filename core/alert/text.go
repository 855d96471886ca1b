package alert

import (
	"strings"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/source"
)

// The wording of every notification. It is part of what users see and what
// the end-to-end suite checks, so it changes only on purpose. The body says
// what and how to fix it in one line, as the issue asks; the summary is its
// short form:
//
//	summary                          body
//	<id> expires in <span>           <id> (<where>) expires in <span> — run <fix>
//	<id> login ends in <span>        <id> (<where>) login ends in <span> — run <fix>
//	<id> expired                     <id> (<where>) expired — run <fix>
//	<id> login ended                 <id> (<where>) login ended — run <fix>
//	<id> is missing                  <id> (<where>): <reason> — run <fix>
//	No usable <provider> credential  <the gateway's sentence, with the
//	  (<where>)                      cooldown's reason and end> — run <fix>
//	<id> can't be read               <id> (<where>) can't be read: <reason>
//	<id> renewed                     <id> (<where>) renewed: <state message>
//
// e.g. "anthropic:manual (agent main) expires in 1 h — run claude setup-token".
// <id> gets " on <host>" and "run" becomes "run on <host>:" for a remote
// profile. <where> is what the row's source calls its place (core/source):
// "agent <name>" for a gateway profile ("agents a, b" using a shared store,
// "gateway" when none does), "Claude Code" for Claude Code's own login, and
// "environment" for an environment variable. A
// profile the gateway has stopped using says until when and why
// (", cooling down in the gateway until 14:03 (rate_limit)"). <span> is
// rounded up to the minute, so the 1 h notification says "1 h", not "59 m".
func text(p profile.Profile, d due, pol profile.Policy) (summary, body string) {
	id := name(p)
	what := id + where(p)
	login := p.Kind == profile.OAuth && p.CanRefresh
	var state string
	switch {
	case d.threshold == isMissing:
		if why, ok := noCredential(p); ok {
			return "No usable " + orDefault(p.Provider, "provider") + " credential" + where(p), why + run(p)
		}
		state = " is missing"
		if m := strings.TrimSpace(p.Message); m != "" {
			state = ": " + profile.LowerFirst(m) // the source's words: "not signed in"
		}
		return id + " is missing", what + state + unusable(p, pol) + run(p)
	case d.threshold == isError:
		return id + " can't be read", what + " can't be read: " + p.Message
	case d.threshold == atDeadline && login:
		state = "login ended"
	case d.threshold == atDeadline:
		state = "expired"
	case login:
		state = "login ends in " + profile.Span(ceilMinute(d.left))
	default:
		state = "expires in " + profile.Span(ceilMinute(d.left))
	}
	return id + " " + state, what + " " + state + unusable(p, pol) + run(p)
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
		s = ", cooling down in the gateway"
	}
	if u.Until != nil {
		s += " until " + pol.Clock(*u.Until)
	}
	if u.Reason != "" {
		s += " (" + u.Reason + ")"
	}
	return s
}

// run is " — run <fix>", on the host for a remote profile.
func run(p profile.Profile) string {
	if p.Host != "" {
		return " — run on " + p.Host + ": " + fix(p)
	}
	return " — run " + fix(p)
}

func renewedText(p profile.Profile) (summary, body string) {
	body = name(p) + where(p) + " renewed"
	if m := strings.TrimSpace(p.Message); m != "" {
		body += ": " + profile.LowerFirst(m)
	}
	return name(p) + " renewed", body
}

func name(p profile.Profile) string {
	id := p.ID
	if id == "" {
		id = string(p.Source)
	}
	if p.Host != "" {
		id += " on " + p.Host
	}
	return id
}

// where is " (<where>)", the words p's source names its place with, or ""
// when it has none (a row of no source).
func where(p profile.Profile) string {
	if w := source.Of(p.Source).Where(p); w != "" {
		return " (" + w + ")"
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

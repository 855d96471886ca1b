package alert

import (
	"strings"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// The wording of every notification. It is part of what users see and what
// the end-to-end suite checks, so it changes only on purpose:
//
//	summary                                    body
//	<id> expires in <span>                     <where> · run: <fix>
//	<id> login ends in <span>                  <where> · run: <fix>
//	<id> expired                               <where> · run: <fix>
//	<id> login ended                           <where> · run: <fix>
//	<id> is missing                            <where> · run: <fix>
//	<id> can't be read                         <where> · <reason>
//	<id> renewed                               <where> · <state message>
//
// <id> gets " on <host>" and "run:" becomes "run on <host>:" for a remote
// profile. <where> is "agent <name>" for
// a gateway profile, "Claude Code" for Claude Code's own login, and
// "environment" for an environment variable. <span> is rounded up to the
// minute, so the 1 h notification says "1 h", not "59 m".
func text(p profile.Profile, d due) (summary, body string) {
	id := name(p)
	login := p.Kind == profile.OAuth && p.CanRefresh
	switch {
	case d.threshold == isMissing:
		summary = id + " is missing"
	case d.threshold == isError:
		return id + " can't be read", join(where(p), p.Message)
	case d.threshold == atDeadline && login:
		summary = id + " login ended"
	case d.threshold == atDeadline:
		summary = id + " expired"
	case login:
		summary = id + " login ends in " + profile.Span(ceilMinute(d.left))
	default:
		summary = id + " expires in " + profile.Span(ceilMinute(d.left))
	}
	run := "run: "
	if p.Host != "" {
		run = "run on " + p.Host + ": "
	}
	return summary, join(where(p), run+fix(p))
}

func renewedText(p profile.Profile) (summary, body string) {
	return name(p) + " renewed", join(where(p), p.Message)
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

func where(p profile.Profile) string {
	switch {
	case p.Source == profile.Gateway && p.Agent != "":
		return "agent " + p.Agent
	case p.Source == profile.Gateway:
		return "gateway"
	case p.Source == profile.ClaudeCode:
		return "Claude Code"
	default:
		return "environment"
	}
}

// fix is the command that renews p: the profile's own Fix when the source
// set one, else the Claude Code command for its kind.
func fix(p profile.Profile) string {
	if p.Fix != "" {
		return p.Fix
	}
	if p.Source == profile.ClaudeCode && p.Kind == profile.OAuth {
		return "claude auth login"
	}
	return "claude setup-token"
}

func join(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " · ")
}

func ceilMinute(d time.Duration) time.Duration {
	return (d + time.Minute - 1).Truncate(time.Minute)
}

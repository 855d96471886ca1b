// Package push sends the alerts of core/alert to the user's push targets
// (a phone through ntfy, a chat, a webhook): one alert.Alerter per target,
// with its own ledger, so each target gets each alert once, and a target
// added later gets what is still current, once. Sending runs on one
// goroutine per target, off the live loop's: a slow or failing target never
// delays the desktop notification or the verdict. A target that fails is
// retried with backoff (30 s, doubling, to 30 min, with jitter) and shown
// as one sentence (Notes).
//
// What is sent is Payload: the alert's words and the facts a reader needs
// (profile id, agent, host, state, time). Never a token: profiles hold
// none, and the front end masks every text again (core/redact).
package push

import (
	"fmt"
	"strings"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
)

// Payload is one push message.
type Payload struct {
	// Title is the alert's summary, Body its one-line text.
	Title, Body string
	// Fix is the exact command that renews the credential, when there is
	// one: a push is read away from the menu that shows it.
	Fix string
	// The facts, for a reader and for structured receivers (a generic
	// webhook's JSON).
	Profile   string
	Agent     string
	Host      string
	State     profile.State
	Threshold string
	Time      time.Time
}

// Compose is the payload of m at now; machine names this machine, the host
// of a local profile.
func Compose(m alert.Message, machine string, now time.Time) Payload {
	host := m.Profile.Host
	if host == "" {
		host = machine
	}
	var fix string
	if m.Fixable() {
		fix = m.Profile.Fix
	}
	return Payload{
		Title: m.Summary, Body: m.Body, Fix: fix,
		Profile: m.Profile.ID, Agent: m.Profile.Agent, Host: host,
		State: m.State, Threshold: m.Threshold, Time: now.UTC().Truncate(time.Second),
	}
}

// TestPayload is what `authtray push test` sends.
func TestPayload(machine string, now time.Time) Payload {
	return Payload{
		Title: "authtray test",
		Body:  "A test message from authtray on " + machine + ": this target gets authtray's alerts.",
		Host:  machine, State: profile.OK, Threshold: "test", Time: now.UTC().Truncate(time.Second),
	}
}

// Text is the message as one text: the body, the fix, then a line of
// facts, e.g.
//
//	anthropic:manual (agent main) expires in 1 h
//	fix: claude setup-token
//	profile anthropic:manual · agent main · host laptop · state expiring · 2026-12-03T13:00:00Z
func (p Payload) Text() string {
	var facts []string
	for _, f := range [][2]string{{"profile", p.Profile}, {"agent", p.Agent}, {"host", p.Host}, {"state", string(p.State)}} {
		if f[1] != "" {
			facts = append(facts, f[0]+" "+f[1])
		}
	}
	facts = append(facts, p.Time.Format(time.RFC3339))
	body := p.Body
	if p.Fix != "" {
		body += "\nfix: " + p.Fix
	}
	return fmt.Sprintf("%s\n%s", body, strings.Join(facts, " · "))
}

// Fields are the facts as name/value pairs, for structured receivers.
func (p Payload) Fields() map[string]string {
	f := map[string]string{
		"profile": p.Profile, "agent": p.Agent, "host": p.Host,
		"state": string(p.State), "threshold": p.Threshold, "time": p.Time.Format(time.RFC3339),
		"fix": p.Fix,
	}
	for k, v := range f {
		if v == "" {
			delete(f, k)
		}
	}
	return f
}

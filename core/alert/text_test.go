package alert

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/internal/golden"
)

// textCase is one profile at one moment.
type textCase struct {
	name string
	p    profile.Profile
	d    due
}

// textCases are a wide table of profiles, at every threshold they can
// reach: ids, agents and hosts of every length, remote rows, logins,
// gateway sentences, unreadable stores.
func textCases() []textCase {
	inHour := due{threshold: "1h", left: h - time.Second}
	inDay := due{threshold: "1d", left: d - time.Second}
	inMin := due{threshold: "1h", left: 30 * time.Second}
	expired := due{threshold: atDeadline}
	missing := due{threshold: isMissing}
	failed := due{threshold: isError}
	long := strings.Repeat("very-long-profile-name-", 8)
	shared := token("anthropic:manual", "fp", h)
	shared.Agent, shared.Location = "", "/s/state/openclaw.sqlite#auth.store"
	shared.UsedBy = []profile.Use{{Agent: "main", Model: "anthropic/claude-opus-4-6"}}
	cooling := token("anthropic:manual", "fp", h)
	cooling.Unusable = &profile.Unusable{Kind: "cooldown", Reason: "rate_limit", Until: profile.Time(t0.Add(20 * time.Minute))}
	chain := token("anthropic:manual", "fp", h)
	chain.Fix = "claude setup-token && openclaw models auth paste-token --provider anthropic --profile-id anthropic:manual --expires-in 365d --agent main"
	login := profile.Profile{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, CanRefresh: true, Account: "me@example.com", Judged: true}
	noCred := profile.Profile{
		ID: "anthropic (no credential)", Provider: "anthropic", Source: profile.Gateway, Agent: "main", State: profile.Missing,
		Message: "Model anthropic/claude-opus-4-6 in use by agent main has no usable credential: anthropic:manual is cooling down in the gateway (rate_limit) until 09:20",
		Fix:     "openclaw models auth setup-token --provider anthropic",
	}
	var out []textCase
	add := func(name string, p profile.Profile, ds ...due) {
		for _, d := range ds {
			out = append(out, textCase{name + " " + d.threshold, p, d})
		}
	}
	with := func(p profile.Profile, f func(*profile.Profile)) profile.Profile { f(&p); return p }
	add("agent's own store", token("anthropic:manual", "fp", h), inDay, inHour, inMin, expired)
	add("shared store used by agent main", shared, inHour)
	add("shared store used by two agents", with(shared, func(p *profile.Profile) {
		p.UsedBy = append(p.UsedBy, profile.Use{Agent: "work"}, profile.Use{Agent: "main", Role: "fallback"})
	}), inHour)
	add("shared store nobody uses", with(shared, func(p *profile.Profile) { p.UsedBy = nil }), inHour)
	add("cooling down", cooling, inHour, expired)
	add("disabled with a long reason", with(cooling, func(p *profile.Profile) {
		p.Unusable = &profile.Unusable{Kind: "disabled", Reason: strings.Repeat("billing problem ", 8)}
	}), inHour)
	add("the gateway's paste-token chain", chain, inHour, expired)
	add("long id", token("anthropic:"+long, "fp", h), inHour, expired, missing)
	add("long agent", with(token("anthropic:manual", "fp", h), func(p *profile.Profile) { p.Agent = "agent-" + long }), inHour)
	add("remote", with(token("anthropic:manual", "fp", h), func(p *profile.Profile) { p.Host = "studio" }), inHour, expired)
	add("remote chain", with(chain, func(p *profile.Profile) { p.Host = "studio" }), inHour)
	add("long host", with(token("anthropic:manual", "fp", h), func(p *profile.Profile) { p.Host = "build-" + long + ".example.com" }), inHour)
	add("everything long", with(cooling, func(p *profile.Profile) {
		p.ID, p.Agent, p.Host = "anthropic:"+long, "agent-"+long, "host-"+long
		p.Unusable = &profile.Unusable{Kind: "cooldown", Reason: long, Until: profile.Time(t0.Add(20 * time.Minute))}
	}), inDay, inHour, expired, missing)
	add("everything long, unreadable", profile.Profile{ID: "anthropic:" + long, Agent: "agent-" + long, Host: "host-" + long,
		Source: profile.Gateway, State: profile.Error, Message: "unreadable: " + long}, failed)
	add("unreadable, no reason", profile.Profile{ID: "claude.ai", Source: profile.ClaudeCode, State: profile.Error}, failed)
	add("login", login, inDay, inHour, expired)
	add("remote login", with(login, func(p *profile.Profile) { p.Host = "studio" }), inHour)
	add("not signed in", profile.Profile{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, State: profile.Missing, Message: "Not signed in"}, missing)
	add("no credential", noCred, missing)
	add("no credential, short", with(noCred, func(p *profile.Profile) { p.Message = "Model x in use by agent main has no usable credential" }), missing)
	add("environment", profile.Profile{ID: "CLAUDE_CODE_OAUTH_TOKEN", Source: profile.Env, Kind: profile.Token, Judged: true}, inHour, expired)
	add("unreadable", profile.Profile{ID: "claude.ai", Source: profile.ClaudeCode, State: profile.Error, Message: "unreadable: permission denied"}, failed)
	add("unreadable, long reason", profile.Profile{ID: "claude.ai", Source: profile.ClaudeCode, State: profile.Error, Message: "unreadable: " + long + long}, failed)
	add("no source", profile.Profile{ID: long, Judged: true}, inHour, missing)
	return out
}

// TestText: every body is short, says what, where and when, ends with
// how to fix it (a click, or the short command), and matches
// testdata/text.golden (go test ./core/alert -update rewrites it).
func TestText(t *testing.T) {
	pol := profile.Policy{Now: t0, Zone: time.UTC}
	var b strings.Builder
	for _, tc := range textCases() {
		s, body := text(tc.p, tc.d, pol)
		m := Message{Summary: s, Body: body, Profile: tc.p, Threshold: tc.d.threshold}
		click, run := m.Text(true), m.Text(false)
		fmt.Fprintf(&b, "%s\n  summary: %s\n  click:   %s\n  run:     %s\n", tc.name, s, click, run)
		for _, text := range []string{click, run} {
			if n := utf8.RuneCountInString(text); n > MaxBody {
				t.Errorf("%s: body is %d characters (max %d): %q", tc.name, n, MaxBody, text)
			}
		}
		if n := utf8.RuneCountInString(s); n > maxSummary {
			t.Errorf("%s: summary is %d characters: %q", tc.name, n, s)
		}
		if strings.Contains(run, "&&") || strings.Contains(click, "paste-token") {
			t.Errorf("%s: the chain is spelled out in a bubble: %q", tc.name, run)
		}
		if fixable := tc.d.threshold != isError; fixable != strings.HasSuffix(click, "Click to re-authenticate.") {
			t.Errorf("%s: clickable body %q", tc.name, click)
		}
	}
	golden.Check(t, filepath.Join("testdata", "text.golden"), []byte(b.String()))
}

// TestRenewedText: a "renewed" is short too, and has no fix hint.
func TestRenewedText(t *testing.T) {
	p := token("anthropic:"+strings.Repeat("x", 200), "fp", 300*d)
	p.Message = "Expires in 300 d (" + strings.Repeat("Jan 5 ", 40) + ")"
	s, body := renewedText(p)
	m := Message{Summary: s, Body: body, Profile: p, Threshold: Renewed}
	if m.Text(true) != body || m.Text(false) != body {
		t.Errorf("renewed has a hint: %q", m.Text(true))
	}
	if utf8.RuneCountInString(body) > MaxBody || !strings.Contains(body, "renewed: expires in 300 d") {
		t.Errorf("renewed body %q", body)
	}
}

// TestOwnMessages: authtray's own messages (a failed click) are shown as
// they are.
func TestOwnMessages(t *testing.T) {
	m := Message{State: profile.Error, Summary: "authtray", Body: "No terminal found"}
	if m.Fixable() || m.Text(true) != "No terminal found" {
		t.Errorf("own message: fixable %v, text %q", m.Fixable(), m.Text(true))
	}
}

// TestCleanBeforeCut: a long id holding a secret is masked before it is
// shortened, so no piece of the secret is left in the summary or body.
func TestCleanBeforeCut(t *testing.T) {
	secret := "sk-ant-oat01-" + strings.Repeat("SECRETsecret", 6)
	sender := &fakeSender{}
	a := New(Config{Sender: sender, Store: &memStore{}, Now: func() time.Time { return t0 },
		Clean: func(s string) string { return strings.ReplaceAll(s, secret, "[masked]") }})
	p := token("anthropic:"+secret, "fp", 30*time.Minute)
	s := profile.Snapshot{Profiles: []profile.Profile{p}}
	s.Finish(profile.Policy{Now: t0, Zone: time.UTC})
	a.Update(s)
	if len(sender.sent) != 1 {
		t.Fatalf("sent %q", sender.sent)
	}
	body := secret[len("sk-ant-oat01-"):]
	for i := 0; i+8 <= len(body); i++ {
		if strings.Contains(sender.sent[0], body[i:i+8]) {
			t.Fatalf("%q keeps %q of the secret", sender.sent[0], body[i:i+8])
		}
	}
}

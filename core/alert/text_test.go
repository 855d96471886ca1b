package alert

import (
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestText: the body says what and how to fix it, in the form.
func TestText(t *testing.T) {
	pol := profile.Policy{Now: t0, Zone: time.UTC}
	inHour := due{threshold: "1h", left: h - time.Second}
	shared := token("anthropic:manual", "fp", h)
	shared.Agent, shared.Location = "", "/s/state/openclaw.sqlite#auth.store"
	shared.UsedBy = []profile.Use{{Agent: "main", Model: "anthropic/claude-opus-4-6"}}
	cooling := token("anthropic:manual", "fp", h)
	cooling.Unusable = &profile.Unusable{Kind: "cooldown", Reason: "rate_limit", Until: profile.Time(t0.Add(20 * time.Minute))}
	tests := []struct {
		name          string
		p             profile.Profile
		d             due
		summary, body string
	}{
		{"agent's own store", token("anthropic:manual", "fp", h), inHour,
			"anthropic:manual expires in 1 h", "anthropic:manual (agent main) expires in 1 h — run claude setup-token"},
		{"shared store used by agent main", shared, inHour,
			"anthropic:manual expires in 1 h", "anthropic:manual (agent main) expires in 1 h — run claude setup-token"},
		{"shared store used by two agents", func() profile.Profile {
			p := shared
			p.UsedBy = append(p.UsedBy, profile.Use{Agent: "work"}, profile.Use{Agent: "main", Role: "fallback"})
			return p
		}(), inHour, "anthropic:manual expires in 1 h", "anthropic:manual (agents main, work) expires in 1 h — run claude setup-token"},
		{"shared store nobody uses", func() profile.Profile { p := shared; p.UsedBy = nil; return p }(), inHour,
			"anthropic:manual expires in 1 h", "anthropic:manual (gateway) expires in 1 h — run claude setup-token"},
		{"cooling down", cooling, inHour, "anthropic:manual expires in 1 h",
			"anthropic:manual (agent main) expires in 1 h, cooling down in the gateway until 09:20 (rate_limit) — run claude setup-token"},
		{"the selected profile cooling down leaves the model with none", profile.Profile{
			ID: "anthropic (no credential)", Provider: "anthropic", Source: profile.Gateway, Agent: "main", State: profile.Missing,
			Message: "Model anthropic/claude-opus-4-6 in use by agent main has no usable credential: anthropic:manual is cooling down in the gateway (rate_limit) until 09:20",
			Fix:     "openclaw models auth setup-token --provider anthropic",
		}, due{threshold: isMissing},
			"No usable anthropic credential (agent main)",
			"Model anthropic/claude-opus-4-6 in use by agent main has no usable credential: anthropic:manual is cooling down in the gateway (rate_limit) until 09:20 — run openclaw models auth setup-token --provider anthropic"},
		{"not signed in", profile.Profile{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, State: profile.Missing, Message: "Not signed in"},
			due{threshold: isMissing}, "claude-code is missing", "claude-code (Claude Code): not signed in — run claude auth login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, b := text(tt.p, tt.d, pol)
			if s != tt.summary || b != tt.body {
				t.Errorf("text:\n got %q\n     %q\nwant %q\n     %q", s, b, tt.summary, tt.body)
			}
		})
	}
}

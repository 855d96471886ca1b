package gateway

import (
	"slices"
	"testing"

	"github.com/authtray/authtray/core/profile"
)

// A host's fixes are the local gateway's (FixCommand; moved from core/remote): the same
// argv for each type, the setup-token chain only for Anthropic tokens and
// OAuth on openclaw, and the host's state dir in the env.
func TestHostFix(t *testing.T) {
	tests := []struct {
		name, cli, typ, provider, id, agent, stateDir string
		args                                          []string
		env                                           []string
	}{
		{"anthropic token", "openclaw", "token", "anthropic", "anthropic:manual", "main", "/srv/oc",
			[]string{"sh", "-c", profile.TokenChainScript, "sh", "openclaw", "models", "auth", "paste-token", "--provider", "anthropic", "--profile-id", "anthropic:manual", "--expires-in", "365d", "--agent", "main"},
			[]string{"OPENCLAW_STATE_DIR=/srv/oc"}},
		{"anthropic API key", "openclaw", "api_key", "anthropic", "anthropic:api", "work", "",
			[]string{"openclaw", "models", "auth", "paste-api-key", "--provider", "anthropic", "--profile-id", "anthropic:api", "--agent", "work"}, nil},
		{"older CLI keeps its setup-token", "moltbot", "token", "anthropic", "anthropic:manual", "", "/srv/oc",
			[]string{"moltbot", "models", "auth", "setup-token", "--provider", "anthropic"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := profile.Profile{ID: tt.id, Provider: tt.provider}
			HostFix(&p, tt.cli, tt.typ, tt.agent, tt.stateDir)
			if !slices.Equal(p.FixArgs, tt.args) || !slices.Equal(p.FixEnv, tt.env) {
				t.Errorf("fix argv %q env %q,\nwant %q env %q", p.FixArgs, p.FixEnv, tt.args, tt.env)
			}
		})
	}
}

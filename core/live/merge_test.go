package live

import (
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestMergeOrdersSources: a host read without authtray gives its gateway
// rows before its Claude Code row; merged, each host's rows follow
// core/source's order (Claude Code, gateway, environment) whatever the
// local rows hold, and a host's own line heads its host.
func TestMergeOrdersSources(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	local := profile.Snapshot{Profiles: []profile.Profile{{ID: "KEY", Source: profile.Env, Kind: profile.APIKey, Judged: true}}}
	local.Finish(profile.Policy{Now: now})
	remote := []profile.Profile{
		{ID: "anthropic:manual", Source: profile.Gateway, Kind: profile.Token, Host: "vps", Judged: true},
		{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, Host: "vps", Judged: true},
		{ID: "ssh", Host: "nas", State: profile.Unreachable, Judged: true},
		{ID: "anthropic:x", Source: profile.Gateway, Kind: profile.Token, Host: "nas"},
	}
	got := Merge(local, remote, nil, time.UTC)
	var ids string
	for _, p := range got.Profiles {
		ids += p.Host + "/" + p.ID + " "
	}
	if want := "/KEY nas/ssh nas/anthropic:x vps/claude-code vps/anthropic:manual "; ids != want {
		t.Errorf("merged order %q, want %q", ids, want)
	}
}

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestGroupTitles: each group prints once even when its rows are not
// adjacent in sort order, and gateway titles name their state dir when there
// are several or the gateway does not read it.
func TestGroupTitles(t *testing.T) {
	gw := func(id, dir, loc, agent, note string) profile.Profile {
		return profile.Profile{ID: id, Source: profile.Gateway, StateDir: dir, Location: loc, Agent: agent, Note: note, State: profile.OK, Kind: profile.APIKey}
	}
	tests := []struct {
		name   string
		ps     []profile.Profile
		titles []string
	}{
		{"one live dir keeps short titles", []profile.Profile{
			gw("a", "/h/.openclaw", "/h/.openclaw/agents/main/agent/x", "main", ""),
			gw("b", "/h/.openclaw", "/h/.openclaw/agents/work/agent/x", "work", ""),
			gw("config@.openclaw/main", "/h/.openclaw", "/h/.openclaw/openclaw.json", "main", ""),
		}, []string{"Gateway · agent main", "Gateway · agent work"}},
		{"live and shelved dirs", []profile.Profile{
			gw("a", "/h/.moltbot", "/h/.moltbot/agents/main/agent/x", "main", "not read by the gateway"),
			gw("b", "/h/.openclaw", "/h/.openclaw/agents/main/agent/x", "main", ""),
		}, []string{"Gateway (~/.moltbot, not read by the gateway) · agent main", "Gateway (~/.openclaw) · agent main"}},
		{"a lone shelved dir is named", []profile.Profile{
			gw("a", "/srv/moltbot", "/srv/moltbot/agents/main/agent/x", "main", "not read by the gateway"),
		}, []string{"Gateway (/srv/moltbot, not read by the gateway) · agent main"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			writeTable(&b, profile.Snapshot{Profiles: tt.ps, Status: profile.OK}, profile.Policy{Now: time.Unix(0, 0)}, "/h", false)
			var got []string
			for _, l := range strings.Split(b.String(), "\n") {
				if strings.HasPrefix(l, "Gateway") {
					got = append(got, l)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.titles, "|") {
				t.Errorf("titles %q, want %q\n%s", got, tt.titles, b.String())
			}
		})
	}
}

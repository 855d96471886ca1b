package profile

import "testing"

func TestGroupsGateway(t *testing.T) {
	live := Profile{Source: Gateway, Agent: "main", StateDir: "/h/.openclaw"}
	other := Profile{Source: Gateway, StateDir: "/h/.moltbot", Note: ShelvedNote}
	remote := Profile{Source: Gateway, Agent: "main", StateDir: "/home/r/.openclaw", Host: "box"}
	for _, tc := range []struct {
		name string
		rows []Profile
		p    Profile
		want string
	}{
		{"one dir", []Profile{live}, live, "Gateway · agent main"},
		{"several dirs", []Profile{live, other}, live, "Gateway (~/.openclaw) · agent main"},
		{"shelved", []Profile{other}, other, "Gateway (~/.moltbot, not read by the gateway)"},
		// Another host's state dir does not make this host's several.
		{"one dir per host", []Profile{live, remote}, remote, "Gateway · agent main"},
		{"outside home", []Profile{live, {Source: Gateway, StateDir: "/srv/gw"}}, Profile{Source: Gateway, StateDir: "/srv/gw"}, "Gateway (/srv/gw)"},
	} {
		if got := NewGroups(tc.rows, "/h").Gateway(tc.p); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestSortSharedFirst: a state dir's shared store (no agent) sorts before
// its agents' rows, whatever the paths, so "Gateway" heads "Gateway · agent
// work"; state dirs stay apart.
func TestSortSharedFirst(t *testing.T) {
	ps := []Profile{
		{ID: "w", Source: Gateway, StateDir: "/h/.openclaw", Agent: "work", Location: "/h/.openclaw/agents/work/agent/openclaw-agent.sqlite"},
		{ID: "s", Source: Gateway, StateDir: "/h/.openclaw", Location: "/h/.openclaw/state/openclaw.sqlite"},
		{ID: "m", Source: Gateway, StateDir: "/h/.moltbot", Agent: "main", Location: "/h/.moltbot/agents/main/agent/auth-profiles.json"},
		{ID: "c", Source: ClaudeCode, Location: "/h/.claude/.credentials.json"},
	}
	Sort(ps)
	var got string
	for _, p := range ps {
		got += p.ID
	}
	if got != "cmsw" {
		t.Errorf("order %q, want cmsw", got)
	}
}

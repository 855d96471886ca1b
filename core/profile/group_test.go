package profile

import "testing"

// TestSortSharedFirst: a state dir's shared store (no agent) sorts before
// its agents' rows, whatever the paths, so "Gateway" heads "Gateway · agent
// work"; state dirs stay apart. Sources keep the order they come in (a
// scan hands them over in core/source's order: Claude Code first).
func TestSortSharedFirst(t *testing.T) {
	ps := []Profile{
		{ID: "c", Source: ClaudeCode, Location: "/h/.claude/.credentials.json"},
		{ID: "w", Source: Gateway, StateDir: "/h/.openclaw", Agent: "work", Location: "/h/.openclaw/agents/work/agent/openclaw-agent.sqlite"},
		{ID: "s", Source: Gateway, StateDir: "/h/.openclaw", Location: "/h/.openclaw/state/openclaw.sqlite"},
		{ID: "m", Source: Gateway, StateDir: "/h/.moltbot", Agent: "main", Location: "/h/.moltbot/agents/main/agent/auth-profiles.json"},
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

// TestSortSourcesInArrivalOrder: the model knows no source by name; the
// order of the sources is the order their first rows come in (across
// hosts, which sort first), and sorting again changes nothing.
func TestSortSourcesInArrivalOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows []Profile
		want string
	}{
		{"as they come", []Profile{{ID: "a", Source: "x"}, {ID: "b", Source: "y"}, {ID: "c", Source: "x"}}, "acb"},
		{"other way round", []Profile{{ID: "b", Source: "y"}, {ID: "a", Source: "x"}, {ID: "c", Source: "x"}}, "bac"},
		{"hosts first, sources overall", []Profile{{ID: "r", Source: "x", Host: "vps"}, {ID: "b", Source: "y"}, {ID: "a", Source: "x"}}, "abr"},
	} {
		ps := append([]Profile(nil), tc.rows...)
		Sort(ps)
		var got string
		for _, p := range ps {
			got += p.ID
		}
		if got != tc.want {
			t.Errorf("%s: order %q, want %q", tc.name, got, tc.want)
		}
		Sort(ps)
		again := ""
		for _, p := range ps {
			again += p.ID
		}
		if again != got {
			t.Errorf("%s: sorting again gave %q after %q", tc.name, again, got)
		}
	}
}

// TestByGroup: each group's rows come together at its first row's place,
// in their order; the input is left as it was.
func TestByGroup(t *testing.T) {
	ps := []Profile{{ID: "a1", Agent: "a"}, {ID: "b1", Agent: "b"}, {ID: "a2", Agent: "a"}, {ID: "c1", Agent: "c"}, {ID: "b2", Agent: "b"}}
	got := ""
	for _, p := range ByGroup(ps, func(p Profile) string { return p.Agent }) {
		got += p.ID + " "
	}
	if got != "a1 a2 b1 b2 c1 " {
		t.Errorf("grouped %q", got)
	}
	if ps[1].ID != "b1" {
		t.Error("ByGroup changed its input")
	}
}

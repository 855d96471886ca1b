package source

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/authtray/authtray/core/profile"
)

// TestList: every listed source has its own non-empty id, Known finds it,
// and a row of none is named by its id.
func TestList(t *testing.T) {
	seen := map[profile.Source]bool{}
	for _, s := range All() {
		id := s.ID()
		if id == "" || seen[id] {
			t.Errorf("source id %q is empty or listed twice", id)
		}
		seen[id] = true
		if got, ok := Known(id); !ok || got.ID() != id {
			t.Errorf("Known(%q) = %v, %v", id, got, ok)
		}
	}
	for _, id := range []profile.Source{profile.ClaudeCode, profile.Gateway, profile.Env} {
		if !seen[id] {
			t.Errorf("the shipped source %q is not listed", id)
		}
	}
	if _, ok := Known("codex"); ok {
		t.Error("Known found a source that is not listed")
	}
	u := Of("codex")
	p := profile.Profile{ID: "x", Source: "codex"}
	if title, store := u.Group(p, profile.Groups{}); title != "codex" || store != "" {
		t.Errorf("unknown source's group = %q, %q", title, store)
	}
	if w := Of("").Where(profile.Profile{ID: "ssh", Host: "vps"}); w != "" {
		t.Errorf("a host's own line is placed %q", w)
	}
}

// TestArrange: rows are grouped by source in the list's order, unknown
// sources last, each group in the order it came in.
func TestArrange(t *testing.T) {
	ps := []profile.Profile{
		{ID: "e1", Source: profile.Env}, {ID: "x", Source: "codex"}, {ID: "g1", Source: profile.Gateway},
		{ID: "c1", Source: profile.ClaudeCode}, {ID: "e2", Source: profile.Env}, {ID: "g2", Source: profile.Gateway},
		{ID: "h", Source: ""}, {ID: "c2", Source: profile.ClaudeCode},
	}
	Arrange(ps)
	var got string
	for _, p := range ps {
		got += p.ID + " "
	}
	if want := "c1 c2 g1 g2 e1 e2 x h "; got != want {
		t.Errorf("arranged %q, want %q", got, want)
	}
}

// TestArrangeStable: Arrange orders any rows as a stable sort by rank
// would, arranged ones included (nothing moves).
func TestArrangeStable(t *testing.T) {
	sources := []profile.Source{profile.ClaudeCode, profile.Gateway, profile.Env, "codex", ""}
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := range 60 {
		ps := make([]profile.Profile, n)
		for i := range ps {
			ps[i] = profile.Profile{ID: strconv.Itoa(i), Source: sources[rnd.IntN(len(sources))]}
		}
		if n%3 == 0 {
			slices.SortStableFunc(ps, func(a, b profile.Profile) int { return rankOf(a.Source) - rankOf(b.Source) })
		}
		want := slices.Clone(ps)
		slices.SortStableFunc(want, func(a, b profile.Profile) int { return rankOf(a.Source) - rankOf(b.Source) })
		Arrange(ps)
		if !slices.EqualFunc(ps, want, func(a, b profile.Profile) bool { return a.ID == b.ID }) {
			t.Errorf("%d rows: arranged %v, want %v", n, ps, want)
		}
	}
}

// rankOf is a source's place in the list, len(all) for none.
func rankOf(id profile.Source) int {
	for i, s := range All() {
		if s.ID() == id {
			return i
		}
	}
	return len(all)
}

// TestViews: what each source tells the views, for its kinds of rows.
func TestViews(t *testing.T) {
	g := profile.NewGroups([]profile.Profile{
		{Source: profile.Gateway, StateDir: "/h/.openclaw"}, {Source: profile.Gateway, StateDir: "/h/.moltbot"},
	}, "/h")
	for _, tc := range []struct {
		p                   profile.Profile
		title, store, where string
		renew               profile.Renewal
	}{
		{profile.Profile{Source: profile.ClaudeCode, Location: "/h/.claude/.credentials.json"}, "Claude Code", "~/.claude", "Claude Code", profile.RenewLogin},
		{profile.Profile{Source: profile.ClaudeCode, Location: "keychain:Claude Code-credentials"}, "Claude Code", "keychain:Claude Code-credentials", "Claude Code", profile.RenewLogin},
		{profile.Profile{Source: profile.Gateway, Agent: "main", StateDir: "/h/.openclaw"}, "Gateway (~/.openclaw) · agent main", "", "agent main", profile.RenewFix},
		{profile.Profile{Source: profile.Gateway, StateDir: "/h/.openclaw", UsedBy: []profile.Use{{Agent: "a"}, {Agent: "b"}, {Agent: "a"}}}, "Gateway (~/.openclaw)", "", "agents a, b", profile.RenewFix},
		{profile.Profile{Source: profile.Gateway}, "Gateway", "", "gateway", profile.RenewFix},
		{profile.Profile{Source: profile.Env, Location: "ANTHROPIC_API_KEY"}, "Environment", "", "environment", profile.RenewToken},
	} {
		s := Of(tc.p.Source)
		title, store := s.Group(tc.p, g)
		if title != tc.title || store != tc.store || s.Where(tc.p) != tc.where || s.Renew(tc.p) != tc.renew {
			t.Errorf("%s %s: group %q/%q where %q renew %v, want %q/%q %q %v", tc.p.Source, tc.p.Location,
				title, store, s.Where(tc.p), s.Renew(tc.p), tc.title, tc.store, tc.where, tc.renew)
		}
	}
}

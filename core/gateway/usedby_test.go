package gateway

import (
	"fmt"
	"slices"
	"testing"

	"github.com/authtray/authtray/core/profile"
)

// TestUsedBy: a row lists each agent/model/role that selects it once, in
// the order the agents and their models are judged, whether it is a
// stored credential, an environment key or a row saying a model has none:
// a model listed twice, even with another use of the row between, is
// listed once (appendUse looks back through the agent's own uses), and so
// is one of an agent that two agent dirs name.
func TestUsedBy(t *testing.T) {
	const sonnet, gpt, haiku = "anthropic/claude-sonnet-4-6", "openai/gpt-5.5", "anthropic/claude-haiku-4-5"
	twice := `{agents: {defaults: {model: {primary: "` + sonnet + `", fallbacks: ["` + sonnet + `", "` + sonnet + `"]}}, entries: {main: {}}}}`
	shared := func(h *home) {
		h.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(1e10))}), "")
	}
	use := func(agent, model, role string) profile.Use {
		return profile.Use{Agent: agent, Model: model, Role: role}
	}
	tests := []struct {
		name  string
		build func(h *home)
		id    string
		want  []profile.Use
	}{
		{"a credential, its model listed twice", func(h *home) { h.config(twice); shared(h) }, "anthropic:manual",
			[]profile.Use{use("main", sonnet, "default"), use("main", sonnet, "fallback"), use("main", haiku, "utility")}},
		{"an environment key, its model listed twice", func(h *home) { h.config(twice); h.env["ANTHROPIC_API_KEY"] = fakeKey(2) }, "ANTHROPIC_API_KEY",
			[]profile.Use{use("main", sonnet, "default"), use("main", sonnet, "fallback"), use("main", haiku, "utility")}},
		{"no credential, the model listed twice", func(h *home) { h.config(twice) }, "anthropic (no credential)",
			[]profile.Use{use("main", sonnet, "default"), use("main", sonnet, "fallback"), use("main", haiku, "utility")}},
		{"three agents share one credential, a model listed twice", func(h *home) {
			// haiku between the two sonnets: a use of the same row between
			// a use and its repeat.
			h.config(`{agents: {defaults: {model: {primary: "` + sonnet + `", fallbacks: ["` + sonnet + `", "` + gpt + `", "` + haiku + `", "` + sonnet + `"]}}, entries: {main: {}, a1: {}, a2: {}}}}`)
			shared(h)
		}, "anthropic:manual", func() []profile.Use {
			var us []profile.Use
			for _, a := range []string{"a1", "a2", "main"} { // the roster's order
				us = append(us, use(a, sonnet, "default"), use(a, sonnet, "fallback"), use(a, haiku, "fallback"), use(a, haiku, "utility"))
			}
			return us
		}()},
		{"two agent dirs that name one agent, another between them", func(h *home) {
			// No config: every agent dir is an agent; "Work" and "work" are
			// both agent work, judged apart ("alpha" sorts between them).
			h.shared(storeJSON(map[string]map[string]any{"openai:manual": keyCred("openai", fakeKey(3))}), "")
			for _, d := range []string{"Work", "alpha", "work"} {
				h.write(".openclaw/agents/"+d+"/agent/.keep", "")
			}
		}, "openai:manual", func() []profile.Use {
			var us []profile.Use
			for _, a := range []string{"main", "work", "alpha"} { // the second work's are the first's
				us = append(us, use(a, "openai/gpt-6-astra", "default"), use(a, "openai/gpt-5.6-luna", "utility"))
			}
			return us
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, r, ok := builtRow(t, tc.build, tc.id)
			if !ok {
				t.Fatalf("no row %s", tc.id)
			}
			if !slices.Equal(r.UsedBy, tc.want) {
				t.Errorf("used by\n%v\nwant\n%v", fmt.Sprint(r.UsedBy), fmt.Sprint(tc.want))
			}
		})
	}
}

package gateway

import (
	"os"
	"testing"
)

// TestRowIDsUnique: in a scan with two agents missing the same provider's
// credential and both env files unreadable, no two rows share an id, so
// scripts keyed on id never collide.
func TestRowIDsUnique(t *testing.T) {
	hm := newHome(t)
	work := hm.path(".openclaw/agents/work/agent")
	hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6", fallbacks: ["openai/gpt-5"]}}, entries: {main: {}, work: {agentDir: "` + work + `"}}}}`)
	// A directory where each env file should be: it cannot be read.
	for _, d := range []string{".openclaw/.env", ".config/openclaw/gateway.env"} {
		if err := os.MkdirAll(hm.path(d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s := hm.read("")
	seen := map[string]bool{}
	for _, p := range s.Profiles {
		if seen[p.ID] {
			t.Errorf("two rows with id %q", p.ID)
		}
		seen[p.ID] = true
	}
	for _, id := range []string{
		"anthropic (no credential)@.openclaw/main", "anthropic (no credential)@.openclaw/work",
		"openai (no credential)@.openclaw/main", "openai (no credential)@.openclaw/work",
		"env file@.openclaw/.env", "env file@openclaw/gateway.env",
	} {
		if !seen[id] {
			t.Errorf("no row %q in %v", id, seen)
		}
	}
}

package gateway

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/authtray/authtray/core/redact"
)

// TestSecretsCollected: every secret value the gateway readers parse —
// tokens, keys, OAuth access and refresh, from the state DB, an agent DB, a
// live legacy JSON and a leftover one read only to scope its migration,
// dropped entries included — lands in Input.Secrets, and no row holds one.
func TestSecretsCollected(t *testing.T) {
	hm := newHome(t)
	hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}, work: {}}}}`)
	hm.shared(storeJSON(map[string]map[string]any{
		"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(3600e3)),
		"anthropic:api":    keyCred("anthropic", fakeKey(2)),
		"anthropic:oauth":  oauthCred("anthropic", fakeToken(3), fakeRefresh(4), ms(3600e3)),
		"openai:alias":     {"mode": "apiKey", "provider": "openai", "apiKey": fakeKey(5)},
		"x:dropped":        {"type": "magic", "provider": "x", "token": fakeToken(6)},
	}), "")
	hm.agentDB(".openclaw/agents/work/agent", storeJSON(map[string]map[string]any{"anthropic:work": tokenCred("anthropic", fakeToken(7), nil)}), "")
	hm.write(leftover, storeJSON(map[string]map[string]any{"anthropic:old": tokenCred("anthropic", fakeToken(8), nil)}))
	hm.write(".moltbot/agents/main/agent/"+legacyJSON, storeJSON(map[string]map[string]any{"anthropic:molt": oauthCred("anthropic", fakeToken(9), fakeRefresh(10), nil)}))
	want := []string{fakeToken(1), fakeKey(2), fakeToken(3), fakeRefresh(4), fakeKey(5), fakeToken(6), fakeToken(7), fakeToken(8), fakeToken(9), fakeRefresh(10)}

	set := &redact.Set{}
	in := hm.input()
	in.Secrets = set
	rows := Read(context.Background(), in)
	for _, v := range want {
		if !set.Contains(v) {
			t.Errorf("%.20s…%s not in the set", v, v[len(v)-4:])
		}
	}
	if set.Len() != len(want) {
		t.Errorf("set holds %d values, want %d", set.Len(), len(want))
	}
	b, _ := json.Marshal(rows)
	if set.Contains(string(b)) {
		t.Errorf("a row holds a secret: %s", set.Mask(string(b)))
	}
}

package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// TestSubstitutedValuesNeverShown: a value substituted into the config from
// the environment or a .env file, wherever it lands (a model name, an
// agentDir, an agent id, an order), shows only as its ${VAR} in what a row
// says, and is in the scan's secret set, so every output masks it (FixArgs
// too, which must keep the real value to run).
func TestSubstitutedValuesNeverShown(t *testing.T) {
	placements := map[string]string{
		"model suffix":   `{agents: {defaults: {model: {primary: "anthropic/${SECRET}"}}}}`,
		"model whole":    `{agents: {defaults: {model: "${SECRET}"}}}`,
		"fallback":       `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6", fallbacks: ["openai/${SECRET}"]}}}}`,
		"image model":    `{agents: {defaults: {model: "anthropic/x", imageModel: "google/${SECRET}"}}}`,
		"utility model":  `{agents: {defaults: {model: "anthropic/x", utilityModel: "anthropic/${SECRET}-haiku"}}}`,
		"agent model":    `{agents: {entries: {main: {model: "anthropic/${SECRET}"}}}}`,
		"agentDir":       `{agents: {entries: {main: {agentDir: "~/x/${SECRET}/agent"}}}}`,
		"agent list id":  `{agents: {list: [{id: "${SECRET}", model: "anthropic/y"}]}}`,
		"system agent":   `{agents: {entries: {main: {}}, defaults: {systemAgent: {agentId: "${SECRET}"}}}}`,
		"auth order":     `{auth: {order: {anthropic: ["${SECRET}", "anthropic:manual"]}}}`,
		"profile config": `{auth: {profiles: {"anthropic:manual": {provider: "${SECRET}", mode: "token"}}}}`,
	}
	r := rand.New(rand.NewPCG(7, 7))
	for name, cfg := range placements {
		for _, from := range []string{"env", ".env"} {
			secret := randomSecret(r)
			t.Run(name+"/"+from, func(t *testing.T) {
				h := newHome(t)
				h.config(cfg)
				if from == "env" {
					h.env["SECRET"] = secret
				} else {
					h.write(".openclaw/.env", "SECRET="+secret+"\n")
				}
				h.shared(storeJSON(map[string]map[string]any{
					"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(48*time.Hour)),
				}), "")
				in := h.input()
				in.Secrets = &redact.Set{}
				rows := Read(context.Background(), in)
				s := profile.Snapshot{Profiles: rows}
				s.Finish(profile.Policy{Now: now, Zone: time.UTC})
				for _, p := range s.Profiles {
					shown := p
					shown.FixArgs, shown.FixEnv = nil, nil
					b, _ := json.Marshal(shown)
					if strings.Contains(string(b), secret) {
						t.Errorf("row shows the substituted value: %s", b)
					}
					if b, _ := json.Marshal(p); strings.Contains(in.Secrets.Mask(string(b)), secret) {
						t.Errorf("the secret set does not mask it: %s", b)
					}
				}
				if !in.Secrets.Contains(secret) {
					t.Errorf("secret set lacks the substituted value")
				}
			})
		}
	}
}

// TestEnvCredentialsAreSecret: the values of credential variables, from
// the environment, a .env file or the config's env, join the secret set.
func TestEnvCredentialsAreSecret(t *testing.T) {
	h := newHome(t)
	h.env["ANTHROPIC_API_KEY"] = fakeKey(1)
	h.write(".openclaw/.env", "OPENAI_API_KEY="+fakeKey(2)+"\n")
	h.config(`{env: {vars: {OPENROUTER_API_KEY: "` + fakeKey(3) + `"}}, models: {providers: {xai: {apiKey: "` + fakeKey(4) + `"}}}}`)
	in := h.input()
	in.Secrets = &redact.Set{}
	Read(context.Background(), in)
	for i := 1; i <= 4; i++ {
		if !in.Secrets.Contains(fakeKey(i)) {
			t.Errorf("key %d is not in the secret set", i)
		}
	}
}

// randomSecret is a token-shaped value of a random kind and length.
func randomSecret(r *rand.Rand) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	b.WriteString([]string{"sk-ant-api03-", "sk-ant-oat01-", "sk-or-v1-", "ghp_", "xai-", ""}[r.IntN(6)])
	for range 20 + r.IntN(60) {
		b.WriteByte(alnum[r.IntN(len(alnum))])
	}
	return fmt.Sprint(b.String())
}

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

package gateway

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
)

// TestSelect follows resolveAuthProfileOrderWithMetadata rule by rule.
func TestSelect(t *testing.T) {
	const h = time.Hour
	future, past := ms(48*h), ms(-h)
	profiles := func(extra string) string {
		return `{"profiles":{
			"p:oauth":{"type":"oauth","provider":"p","access":"a","refresh":"r","expires":` + fmt.Sprint(future) + `},
			"p:oauth-old":{"type":"oauth","provider":"p","access":"a","refresh":"r","expires":` + fmt.Sprint(past) + `},
			"p:token":{"type":"token","provider":"p","token":"t","expires":` + fmt.Sprint(future) + `},
			"p:expired":{"type":"token","provider":"p","token":"t","expires":` + fmt.Sprint(past) + `},
			"p:key":{"type":"api_key","provider":"p","key":"k"},
			"q:key":{"type":"api_key","provider":"q","key":"k"}
		}` + extra + `}`
	}
	tests := []struct {
		name  string
		store string
		cfg   string
		model string
		want  []string
	}{
		{"no order: oauth, unexpired first, then token, then key", profiles(""), `{}`, "m", []string{"p:oauth", "p:oauth-old", "p:token", "p:key"}},
		{"state order wins and keeps its order", profiles(`,"order":{"p":["p:key","p:token"]}`), `{auth: {order: {p: ["p:token"]}}}`, "m", []string{"p:key", "p:token"}},
		{"config order", profiles(""), `{auth: {order: {p: ["p:key", "p:expired", "p:token"]}}}`, "m", []string{"p:key", "p:token"}},
		// normalizeAuthProfileOrder drops a list that keeps no id: the
		// provider then has no order, not an empty one.
		{"an empty stored order is no order", profiles(`,"order":{"p":[]}`), `{}`, "m", []string{"p:oauth", "p:oauth-old", "p:token", "p:key"}},
		{"a stored order keeps its strings, trimmed", profiles(`,"order":{" P ":[" p:key ",5,"",null,"p:token"]}`), `{}`, "m", []string{"p:key", "p:token"}},
		{"config profiles are an allow-list", profiles(""), `{auth: {profiles: {"p:key": {provider: "p", mode: "api_key"}, "p:token": {provider: "p", mode: "token"}}}}`, "m", []string{"p:token", "p:key"}},
		{"mode mismatch drops", profiles(""), `{auth: {profiles: {"p:key": {provider: "p", mode: "token"}, "p:token": {provider: "p", mode: "oauth"}}}}`, "m", []string{"p:token"}},
		{"least recently used first", profiles(`,"usageStats":{"p:oauth":{"lastUsed":20},"p:oauth-old":{"lastUsed":10}}`), `{auth: {order: {}}}`, "m", []string{"p:oauth", "p:oauth-old", "p:token", "p:key"}},
		{"disabled and cooling down go last, soonest back first", profiles(`,"usageStats":{"p:oauth":{"disabledUntil":` + fmt.Sprint(ms(5*h)) + `},"p:token":{"cooldownUntil":` + fmt.Sprint(ms(h)) + `}}`), `{}`, "m", []string{"p:oauth-old", "p:key", "p:token", "p:oauth"}},
		{"rate-limit cooldown for another model does not count", profiles(`,"usageStats":{"p:oauth":{"cooldownUntil":` + fmt.Sprint(ms(h)) + `,"cooldownReason":"rate_limit","cooldownModel":"other"}}`), `{}`, "m", []string{"p:oauth", "p:oauth-old", "p:token", "p:key"}},
		{"timeout and model_not_found are model-scoped too", profiles(`,"usageStats":{"p:oauth":{"cooldownUntil":` + fmt.Sprint(ms(h)) + `,"cooldownReason":"timeout","cooldownModel":"other"},"p:token":{"cooldownUntil":` + fmt.Sprint(ms(h)) + `,"cooldownReason":"model_not_found","cooldownModel":"other"}}`), `{}`, "m", []string{"p:oauth", "p:oauth-old", "p:token", "p:key"}},
		{"a cooldown for another model counts for other reasons", profiles(`,"usageStats":{"p:oauth":{"cooldownUntil":` + fmt.Sprint(ms(h)) + `,"cooldownReason":"auth","cooldownModel":"other"}}`), `{}`, "m", []string{"p:oauth-old", "p:token", "p:key", "p:oauth"}},
		{"a scoped cooldown counts while the profile is also disabled", profiles(`,"usageStats":{"p:oauth":{"cooldownUntil":` + fmt.Sprint(ms(h)) + `,"cooldownReason":"rate_limit","cooldownModel":"other","disabledUntil":` + fmt.Sprint(ms(h/2)) + `}}`), `{}`, "m", []string{"p:oauth-old", "p:token", "p:key", "p:oauth"}},
		{"a block for another model counts unless its scope is model", profiles(`,"usageStats":{"p:oauth":{"blockedUntil":` + fmt.Sprint(ms(h)) + `,"blockedModel":"other"},"p:token":{"blockedUntil":` + fmt.Sprint(ms(h)) + `,"blockedModel":"other","blockedScope":"model"}}`), `{}`, "m", []string{"p:oauth-old", "p:token", "p:key", "p:oauth"}},
		{"a model-scoped block for this model counts", profiles(`,"usageStats":{"p:token":{"blockedUntil":` + fmt.Sprint(ms(h)) + `,"blockedModel":"m","blockedScope":"model"}}`), `{}`, "m", []string{"p:oauth", "p:oauth-old", "p:key", "p:token"}},
		{"expired cooldown is over", profiles(`,"usageStats":{"p:oauth":{"cooldownUntil":` + fmt.Sprint(ms(-h)) + `}}`), `{}`, "m", []string{"p:oauth", "p:oauth-old", "p:token", "p:key"}},
		{"order naming only missing profiles falls back to the store", profiles(`,"order":{"p":["p:gone"]}`), `{}`, "m", []string{"p:oauth", "p:oauth-old", "p:token", "p:key"}},
		{"ties among config profiles keep the file's order", `{"profiles":{"p:alpha":{"type":"token","provider":"p","token":"t"},"p:zeta":{"type":"token","provider":"p","token":"t"}}}`, `{auth: {profiles: {"p:zeta": {provider: "p", mode: "token"}, "p:alpha": {provider: "p", mode: "token"}}}}`, "m", []string{"p:zeta", "p:alpha"}},
		{"ties among store profiles keep the store's order", `{"profiles":{"p:zeta":{"type":"token","provider":"p","token":"t"},"p:alpha":{"type":"token","provider":"p","token":"t"}}}`, `{}`, "m", []string{"p:zeta", "p:alpha"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := parseStore([]byte(tt.store), nil)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := loadConfig(fsys.Fake{Files: map[string]string{"/c.json": tt.cfg}}, "/c.json", func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			got := selectProfile(st, cfg, "p", tt.model, now).Order
			if !slices.Equal(got, tt.want) {
				t.Errorf("order = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestModelsInUse(t *testing.T) {
	tests := []struct {
		name, cfg, agent string
		want             []string
	}{
		{"nothing configured: the gateway's defaults", `{}`, "main", []string{"default openai/gpt-6-astra", "utility openai/gpt-5.6-luna"}},
		{"anthropic primary brings haiku", `{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}}}`, "main", []string{"default anthropic/claude-sonnet-4-6", "utility anthropic/claude-haiku-4-5"}},
		{"fallbacks, image, explicit utility", `{agents: {defaults: {model: {primary: "anthropic/a", fallbacks: ["openrouter/b"]}, imageModel: {primary: "google/i", fallbacks: ["openai/j"]}, utilityModel: "xai/u"}}}`, "main",
			[]string{"default anthropic/a", "fallback openrouter/b", "image google/i", "image-fallback openai/j", "utility xai/u"}},
		{"utility off", `{agents: {defaults: {model: "anthropic/a", utilityModel: ""}}}`, "main", []string{"default anthropic/a"}},
		{"agent model and its own fallbacks", `{agents: {defaults: {model: {primary: "anthropic/a", fallbacks: ["x/y"]}}, entries: {work: {model: {primary: "openai/w", fallbacks: []}}}}}`, "work", []string{"default openai/w", "utility openai/gpt-5.6-luna"}},
		{"agent string model keeps default fallbacks", `{agents: {defaults: {model: {primary: "anthropic/a", fallbacks: ["x/y"]}}, entries: {work: {model: "openai/w"}}}}`, "work", []string{"default openai/w", "fallback x/y", "utility openai/gpt-5.6-luna"}},
		{"alias and bare id", `{agents: {defaults: {model: "sonnet", models: {"anthropic/claude-sonnet-4-6": {alias: "sonnet"}}, imageModel: "gpt-image"}}}`, "main", []string{"default anthropic/claude-sonnet-4-6", "image openai/gpt-image", "utility anthropic/claude-haiku-4-5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(fsys.Fake{Files: map[string]string{"/c.json": tt.cfg}}, "/c.json", func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range modelsInUse(cfg, tt.agent) {
				got = append(got, m.Role+" "+m.Ref())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("models = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestConfigKeyOrder: auth.profiles ids come in the file's key order (as
// JavaScript's Object.entries gives them), through $include too.
func TestConfigKeyOrder(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"file order, not alphabetical", map[string]string{"/c/openclaw.json": `{auth: {profiles: {"a:zeta": {provider: "a", mode: "token"}, // c
			'a:alpha': {provider: "a", mode: "token"}, "a:mid": {provider: "a", mode: "token", extra: {z: 1, a: 2}},}}}`}, []string{"a:zeta", "a:alpha", "a:mid"}},
		{"integer-like keys first, as in JavaScript", map[string]string{"/c/openclaw.json": `{auth: {profiles: {"b": {}, "2": {}, "a": {}, "1": {}}}}`}, []string{"1", "2", "b", "a"}},
		{"included keys, then siblings", map[string]string{
			"/c/openclaw.json": `{auth: {profiles: {$include: ["./p.json5", "./q.json5"], "x:s": {}}}}`,
			"/c/p.json5":       `{"x:z": {}, "x:b": {}}`,
			"/c/q.json5":       `{"x:b": {}, "x:a": {}}`,
		}, []string{"x:z", "x:b", "x:a", "x:s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(fsys.Fake{Files: tt.files}, "/c/openclaw.json", func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.authProfileIDs(); !slices.Equal(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCooldownBypass: openrouter and kilocode profiles never cool down nor
// count as disabled (isAuthCooldownBypassedForProvider).
func TestCooldownBypass(t *testing.T) {
	until := fmt.Sprint(ms(time.Hour))
	for _, p := range []string{"openrouter", "kilocode", "OpenRouter"} {
		st, err := parseStore([]byte(`{"profiles":{"x:a":{"type":"api_key","provider":"`+p+`","key":"k"},"x:b":{"type":"api_key","provider":"`+p+`","key":"k"}},
			"usageStats":{"x:a":{"disabledUntil":`+until+`,"disabledReason":"billing","cooldownUntil":`+until+`}}}`), nil)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _ := loadConfig(fsys.Fake{Files: map[string]string{}}, "/c.json", func(string) string { return "" })
		if got := selectProfile(st, cfg, normProvider(p), "m", now).Order; !slices.Equal(got, []string{"x:a", "x:b"}) {
			t.Errorf("%s: order = %v, want x:a first", p, got)
		}
		if kind, u := unusableUntil(p, st.State.Usage["x:a"], "", now); kind != "" || !u.IsZero() {
			t.Errorf("%s: shown as %s until %v", p, kind, u)
		}
	}
	if kind, _ := unusableUntil("anthropic", usage{DisabledUntil: float64(ms(time.Hour))}, "", now); kind != "disabled" {
		t.Errorf("anthropic disabled shown as %q", kind)
	}
}

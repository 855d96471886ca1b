package gateway

import (
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// TestSplitTrailingAuthProfile follows splitTrailingAuthProfile
// (dist/model-ref-profile-*.mjs): the first "@" after the last "/" starts a
// profile, unless what follows is a date or quantization suffix of the model.
func TestSplitTrailingAuthProfile(t *testing.T) {
	tests := []struct{ raw, model, profile string }{
		{"anthropic/claude-sonnet-4-6@anthropic:soon", "anthropic/claude-sonnet-4-6", "anthropic:soon"},
		{"  anthropic/claude-sonnet-4-6 @ anthropic:x ", "anthropic/claude-sonnet-4-6", "anthropic:x"},
		{"anthropic/claude-sonnet-4-6", "anthropic/claude-sonnet-4-6", ""},
		{"anthropic/claude-3-5@20241022", "anthropic/claude-3-5@20241022", ""},
		{"anthropic/claude-3-5@20241022@work", "anthropic/claude-3-5@20241022", "work"},
		{"ollama/llama3@q4_k_m", "ollama/llama3@q4_k_m", ""},
		{"ollama/llama3@IQ2_xs@p:1", "ollama/llama3@IQ2_xs", "p:1"},
		{"mlx/qwen@8bit", "mlx/qwen@8bit", ""},
		{"mlx/qwen@8bit@p", "mlx/qwen@8bit", "p"},
		{"openrouter/a@b/c@p", "openrouter/a@b/c", "p"},
		{"@p", "@p", ""},
		{"a/b@", "a/b@", ""},
		{"a/b@p@q", "a/b", "p@q"},
		{"", "", ""},
	}
	for _, tt := range tests {
		m, p := splitTrailingAuthProfile(tt.raw)
		if m != tt.model || p != tt.profile {
			t.Errorf("split(%q) = %q, %q; want %q, %q", tt.raw, m, p, tt.model, tt.profile)
		}
	}
}

// TestPinIgnored: the gateway's status strips a pinned profile and judges
// the model's normal order (resolveStatusModelRef keeps {provider, model}):
// a pin on the expiring token does not make it the one judged, and a pin on
// a model does not hide the config's key.
func TestPinIgnored(t *testing.T) {
	const h, d = time.Hour, 24 * time.Hour
	hm := newHome(t)
	hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6@anthropic:soon", fallbacks: ["openrouter/x@openrouter:none"]}}, entries: {main: {}}},
		auth: {order: {anthropic: ["anthropic:long", "anthropic:soon"]}},
		models: {providers: {openrouter: {apiKey: "sk-or-v1-FAKEFAKEFAKE0001"}}}}`)
	hm.shared(storeJSON(map[string]map[string]any{
		"anthropic:soon": tokenCred("anthropic", fakeToken(1), ms(2*h)),
		"anthropic:long": tokenCred("anthropic", fakeToken(2), ms(300*d)),
	}), "")
	s := hm.read("")
	if long, _ := row(s, "anthropic:long"); !long.Judged || long.State != profile.OK {
		t.Errorf("anthropic:long = %s judged %v, want the ordered first judged ok", long.State, long.Judged)
	}
	if soon, _ := row(s, "anthropic:soon"); soon.Judged {
		t.Errorf("the pinned anthropic:soon is judged; the gateway ignores the pin")
	}
	if or, ok := row(s, "models.providers.openrouter.apiKey"); !ok || !or.Judged {
		t.Errorf("the pinned fallback's config key is not judged: %+v", or)
	}
	if got := profile.ExitCode(s.Status); got != 0 {
		t.Errorf("exit %d, want 0", got)
	}
}

// TestProviderEntryOrder: two models.providers keys that normalize alike
// resolve as resolveMergedModelProviderEntry does, by the file's key order,
// whatever Go's map order: the exact trimmed key first, else the first that
// normalizes to the provider; entries under the same trimmed key merge.
func TestProviderEntryOrder(t *testing.T) {
	tests := []struct {
		name, cfg, provider, setting, kind string
	}{
		{"first of two that normalize alike", `{models: {providers: {OpenRouter: {apiKey: "sk-or-v1-FAKEFAKEFAKE0001"}, OPENROUTER: {apiKey: "OPENROUTER_API_KEY"}}}}`, "openrouter", "models.providers.OpenRouter.apiKey", "literal"},
		{"the other order", `{models: {providers: {OPENROUTER: {apiKey: "OPENROUTER_API_KEY"}, OpenRouter: {apiKey: "sk-or-v1-FAKEFAKEFAKE0001"}}}}`, "openrouter", "models.providers.OPENROUTER.apiKey", "marker"},
		{"the exact key wins over an earlier look-alike", `{models: {providers: {OpenRouter: {apiKey: "sk-or-v1-FAKEFAKEFAKE0001"}, openrouter: {apiKey: "OPENROUTER_API_KEY"}}}}`, "openrouter", "models.providers.openrouter.apiKey", "marker"},
		{"a padded exact key merges with the plain one, later wins", `{models: {providers: {" openrouter": {apiKey: "OPENROUTER_API_KEY"}, openrouter: {auth: "api-key"}, "openrouter ": {apiKey: "sk-or-v1-FAKEFAKEFAKE0001"}}}}`, "openrouter", "models.providers.openrouter.apiKey", "literal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Many runs: a map-order dependence shows up as a flake.
			for i := 0; i < 50; i++ {
				cfg, err := loadConfig(fsys.Fake{Files: map[string]string{"/c.json": tt.cfg}}, "/c.json", func(string) string { return "" })
				if err != nil {
					t.Fatal(err)
				}
				k := cfg.providerKey(tt.provider, func(string) bool { return false })
				if k.Setting != tt.setting || k.Kind != tt.kind {
					t.Fatalf("run %d: %s (%s), want %s (%s)", i, k.Setting, k.Kind, tt.setting, tt.kind)
				}
			}
		})
	}
}

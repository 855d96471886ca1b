package envkey

import (
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

// TestWithConfig: config env vars rank below the process environment and
// above dotenv files; ${VAR} references are not applied.
func TestWithConfig(t *testing.T) {
	env := map[string]string{"OPENAI_API_KEY": "sk-proc"}
	f := fsys.Fake{Files: map[string]string{"/h/.env": "ANTHROPIC_API_KEY=sk-file\nXAI_API_KEY=sk-x\n"}}
	r := Lookup(func(k string) string { return env[k] }, f, []string{"/h/.env"})
	r = r.WithConfig(map[string]string{"ANTHROPIC_API_KEY": "sk-cfg", "OPENAI_API_KEY": "sk-cfg2", "GEMINI_API_KEY": "${NOPE}", "OPENROUTER_API_KEY": "sk-or"}, "/h/openclaw.json")
	want := map[string]string{"ANTHROPIC_API_KEY": "/h/openclaw.json", "OPENAI_API_KEY": "", "XAI_API_KEY": "/h/.env", "OPENROUTER_API_KEY": "/h/openclaw.json"}
	got := map[string]string{}
	for _, fd := range r.Found {
		got[fd.Var] = fd.File
	}
	if len(got) != len(want) {
		t.Errorf("found %v, want %v", got, want)
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s from %q (found %v), want %q", k, g, ok, v)
		}
	}
	if r.Getenv("ANTHROPIC_API_KEY") != "sk-cfg" || !r.IsSet("OPENROUTER_API_KEY") || r.IsSet("GEMINI_API_KEY") {
		t.Errorf("Getenv does not see the config's values")
	}
}

// TestProvider: the variable that serves a model's provider, as the
// gateway's `models status --check` counted it (openclaw 2026.9.6, a HOME
// whose only credential is the variable in ~/.openclaw/.env).
func TestProvider(t *testing.T) {
	for _, c := range []struct {
		provider string
		set      []string
		want     string // "" when none serves it
		gateway  int    // the gateway's exit code
	}{
		{"xai", []string{"XAI_API_KEY"}, "XAI_API_KEY", 0},
		{"x-ai", []string{"XAI_API_KEY"}, "XAI_API_KEY", 0},
		{"minimax", []string{"MINIMAX_API_KEY"}, "MINIMAX_API_KEY", 0},
		{"minimax-cn", []string{"MINIMAX_API_KEY"}, "MINIMAX_API_KEY", 0},
		{"minimax-portal", []string{"MINIMAX_API_KEY"}, "MINIMAX_API_KEY", 0},
		{"minimax-portal", []string{"MINIMAX_OAUTH_TOKEN", "MINIMAX_API_KEY"}, "MINIMAX_OAUTH_TOKEN", 0},
		{"anthropic", []string{"ANTHROPIC_OAUTH_TOKEN", "ANTHROPIC_API_KEY"}, "ANTHROPIC_OAUTH_TOKEN", 0},
		{"claude-cli", []string{"ANTHROPIC_API_KEY"}, "ANTHROPIC_API_KEY", 0},
		{"anthropic-openai", []string{"ANTHROPIC_API_KEY"}, "ANTHROPIC_API_KEY", 0},
		{"qwen-dashscope", []string{"DASHSCOPE_API_KEY"}, "DASHSCOPE_API_KEY", 0},
		{"alibaba", []string{"MODELSTUDIO_API_KEY"}, "MODELSTUDIO_API_KEY", 0},
		{"ollama-cloud", []string{"OLLAMA_API_KEY"}, "OLLAMA_API_KEY", 0},
		{"cerebras", []string{"CEREBRAS_API_KEY"}, "CEREBRAS_API_KEY", 0},
		{"openai", []string{"CODEX_API_KEY"}, "CODEX_API_KEY", 0},
		{"openai", []string{"CODEX_API_KEY", "OPENAI_API_KEY"}, "CODEX_API_KEY", 0},
		{"openai", []string{"XAI_API_KEY"}, "", 1},
		{"groq", []string{"GROQ_API_KEY"}, "", 1},
		{"mistral", []string{"MISTRAL_API_KEY"}, "", 1},
		{"deepseek", []string{"DEEPSEEK_API_KEY"}, "", 1},
		{"zai", []string{"ZAI_API_KEY"}, "", 1},
		{"moonshot", []string{"MOONSHOT_API_KEY"}, "", 1},
		{"github-copilot", []string{"GH_TOKEN"}, "", 1},
	} {
		env := map[string]string{}
		for _, v := range c.set {
			env[v] = "sk-test"
		}
		r := Lookup(func(k string) string { return env[k] }, fsys.Fake{}, nil)
		f, ok := r.Provider(c.provider)
		if f.Var != c.want || ok != (c.want != "") {
			t.Errorf("%s with %v: served by %q (%v), want %q (the gateway exits %d)", c.provider, c.set, f.Var, ok, c.want, c.gateway)
		}
	}
}

// TestNormalizedValue: a value counts when the gateway's normalizeSecretInput
// leaves something of it (openclaw 2026.9.6, ANTHROPIC_API_KEY the only
// credential of an anthropic model, in ~/.openclaw/.env or env.vars).
func TestNormalizedValue(t *testing.T) {
	for _, c := range []struct {
		value   string
		found   bool
		gateway int // the gateway's exit code
	}{
		{"sk-ant-api03-test", true, 0},
		{"", false, 1},
		{"   ", false, 1},
		{"ключключключ", false, 1},
		{"\x01\x02\x03", false, 1},
		{"ключ-sk1", true, 0},
	} {
		f := fsys.Fake{Files: map[string]string{"/h/.env": "ANTHROPIC_API_KEY=" + c.value + "\n"}}
		r := Lookup(func(string) string { return "" }, f, []string{"/h/.env"})
		_, ok := r.Provider("anthropic")
		r = Lookup(func(string) string { return "" }, fsys.Fake{}, nil).WithConfig(map[string]string{"ANTHROPIC_API_KEY": c.value}, "/h/openclaw.json")
		_, okCfg := r.Provider("anthropic")
		if ok != c.found || okCfg != c.found {
			t.Errorf("%q: counted in .env %v, in config %v, want %v (the gateway exits %d)", c.value, ok, okCfg, c.found, c.gateway)
		}
	}
}

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

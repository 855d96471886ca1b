package gateway

import (
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestRuntimes: the gateway's status fails on a text model's runtime
// whatever its credentials. Every case with an exit code was run against
// openclaw 2026.9.6 on a HOME holding a valid anthropic token and an openai
// API key, with the config edited as shown (0: the status passed, 1: it
// failed on the runtime or the route).
func TestRuntimes(t *testing.T) {
	const base = `agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, models: {}}, entries: {main: {}}}`
	tests := []struct {
		name, cfg string
		exit      int
		row       string // a judged runtime row whose message holds this ("" none)
	}{
		{"anthropic only", `{` + base + `}`, 0, ""},
		{"openai fallback needs codex", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6", fallbacks: ["openai/gpt-5.5"]}}}}`, 1, "openai/gpt-5.5 (fallback model of agent main) needs the codex runtime, which no installed plugin provides"},
		{"openai primary needs codex", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}}`, 1, "needs the codex runtime"},
		{"no model: the default openai model", `{agents: {entries: {main: {}}}}`, 1, "openai/gpt-6-astra (default model of agent main) needs the codex runtime"},
		{"codex on an anthropic model", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, models: {"anthropic/claude-sonnet-4-6": {agentRuntime: {id: "codex"}}}}}}`, 1, `is set to the codex runtime (agents.defaults.models["anthropic/claude-sonnet-4-6"].agentRuntime.id), which does not support provider anthropic`},
		{"codex on the anthropic provider", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}, models: {providers: {anthropic: {agentRuntime: {id: "codex"}, baseUrl: "https://api.anthropic.com", models: []}}}}`, 1, "(models.providers.anthropic.agentRuntime.id), which does not support provider anthropic"},
		{"codex-app-server is codex", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, models: {"anthropic/claude-sonnet-4-6": {agentRuntime: {id: "codex-app-server"}}}}}}`, 1, "unsupported-codex-runtime-provider"},
		{"case and spaces", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, models: {"anthropic/claude-sonnet-4-6": {agentRuntime: {id: " Codex "}}}}}}`, 1, "unsupported-codex-runtime-provider"},
		{"codex by wildcard", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, models: {"anthropic/*": {agentRuntime: {id: "codex"}}}}}}`, 1, "unsupported-codex-runtime-provider"},
		{"codex on a fallback", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6", fallbacks: ["anthropic/claude-opus-4-6"]}, models: {"anthropic/claude-opus-4-6": {agentRuntime: {id: "codex"}}}}}}`, 1, "anthropic/claude-opus-4-6 (fallback model of agent main) is set to the codex runtime"},
		{"openai on openclaw", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/gpt-5.5": {agentRuntime: {id: "openclaw"}}}}}}`, 0, ""},
		{"openai on pi (openclaw)", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/gpt-5.5": {agentRuntime: {id: "pi"}}}}}}`, 0, ""},
		{"openai/* on openclaw", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/*": {agentRuntime: {id: "openclaw"}}}}}}`, 0, ""},
		{"openai provider on openclaw", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}, models: {providers: {openai: {agentRuntime: {id: "openclaw"}, models: []}}}}`, 0, ""},
		{"openai model row on openclaw", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}, models: {providers: {openai: {models: [{id: "gpt-5.5", name: "x", agentRuntime: {id: "openclaw"}}]}}}}`, 0, ""},
		{"openai auto is implicit", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/gpt-5.5": {agentRuntime: {id: "auto"}}}}}}`, 1, "needs the codex runtime"},
		{"openai default is implicit", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/gpt-5.5": {agentRuntime: {id: "default"}}}}}}`, 1, "needs the codex runtime"},
		{"explicit codex wins over a custom base URL", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/gpt-5.5": {agentRuntime: {id: "codex"}}}}}, models: {providers: {openai: {baseUrl: "http://127.0.0.1:9/v1", models: []}}}}`, 1, "needs the codex runtime"},
		{"a custom base URL runs on openclaw", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}, models: {providers: {openai: {baseUrl: "http://127.0.0.1:9/v1", models: []}}}}`, 0, ""},
		{"an unknown runtime is not checked", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, models: {"anthropic/claude-sonnet-4-6": {agentRuntime: {id: "foo"}}}}}}`, 0, ""},
		{"an openai image model needs no runtime", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, imageModel: {primary: "openai/gpt-image-2"}}}}`, 0, ""},
		{"an openai utility model needs no runtime", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, utilityModel: "openai/gpt-5.6-luna"}}}`, 0, ""},
		// Two keys for one model: the defaults' map is normalized first, the
		// later entry over the earlier; an agent's own map is not, and its
		// first key in the file's order wins.
		{"defaults: the later of two keys", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/gpt-5.5": {agentRuntime: {id: "openclaw"}}, "OpenAI/gpt-5.5": {agentRuntime: {id: "codex"}}}}}}`, 1, "needs the codex runtime"},
		{"defaults: the later of two keys, swapped", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"OpenAI/gpt-5.5": {agentRuntime: {id: "codex"}}, "openai/gpt-5.5": {agentRuntime: {id: "openclaw"}}}}}}`, 0, ""},
		{"agent: the first of two keys", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}, entries: {main: {models: {"OpenAI/gpt-5.5": {agentRuntime: {id: "codex"}}, "openai/gpt-5.5": {agentRuntime: {id: "openclaw"}}}}}}}`, 1, "needs the codex runtime"},
		{"agent: the first of two keys, swapped", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}, entries: {main: {models: {"openai/gpt-5.5": {agentRuntime: {id: "openclaw"}}, "OpenAI/gpt-5.5": {agentRuntime: {id: "codex"}}}}}}}`, 0, ""},
		// Not run against the gateway; follows resolveSingleObservedModelRoute.
		{"the official base URL is codex's", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}, models: {providers: {openai: {baseUrl: "https://api.openai.com/v1", models: []}}}}`, 1, "needs the codex runtime"},
		{"the completions API is not", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}, models: {providers: {openai: {api: "openai-completions", baseUrl: "https://api.openai.com/v1", models: []}}}}`, 0, ""},
		{"http on the official host is invalid", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}, models: {providers: {openai: {baseUrl: "http://api.openai.com/v1", models: []}}}}`, 1, "invalid-openai-base-url"},
		{"chatgpt API on the platform host conflicts", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}, models: {providers: {openai: {api: "openai-chatgpt-responses", baseUrl: "https://api.openai.com/v1", models: []}}}}`, 1, "conflicting-official-openai-route"},
		{"a subscription-only model on the platform", `{agents: {defaults: {model: {primary: "openai/gpt-5.3-codex-spark"}}}, models: {providers: {openai: {baseUrl: "https://api.openai.com/v1", models: []}}}}`, 1, "subscription-only-model-on-platform"},
		{"request params run on openclaw", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, params: {temperature: 0.2}}}}`, 0, ""},
		{"a thinking param is the runtime's own", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/gpt-5.5": {params: {thinking: "high"}}}}}}`, 1, "needs the codex runtime"},
		{"provider headers run on openclaw", `{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}, models: {providers: {openai: {headers: {"X-Org": "a"}, models: []}}}}`, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			hm.config(tt.cfg)
			hm.shared(storeJSON(map[string]map[string]any{
				"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*24*time.Hour)),
				"openai:manual":    keyCred("openai", "sk-proj-FAKEFAKEFAKEFAKE0001"),
			}), "")
			s := hm.read("")
			if got := profile.ExitCode(s.Status); got != tt.exit {
				t.Errorf("exit %d, want %d", got, tt.exit)
			}
			var found bool
			for _, p := range s.Profiles {
				if strings.HasPrefix(p.ID, "runtime ") && p.Judged {
					found = found || (tt.row != "" && strings.Contains(p.Message, tt.row))
					if tt.row == "" {
						t.Errorf("runtime row %s: %s", p.ID, p.Message)
					}
				}
			}
			if tt.row != "" && !found {
				for _, p := range s.Profiles {
					t.Logf("row %s %s judged=%v %q", p.ID, p.State, p.Judged, p.Message)
				}
				t.Errorf("no judged runtime row saying %q", tt.row)
			}
		})
	}
}

// TestRuntimePerAgent: an agent's own model decides its runtime; the
// fix names the setting that chose codex.
func TestRuntimePerAgent(t *testing.T) {
	hm := newHome(t)
	hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {},
		work: {model: {primary: "openai/gpt-5.5"}}, ops: {models: {"anthropic/claude-sonnet-4-6": {agentRuntime: {id: "codex"}}}}}}}`)
	hm.shared(storeJSON(map[string]map[string]any{
		"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*24*time.Hour)),
		"openai:manual":    keyCred("openai", "sk-proj-FAKEFAKEFAKEFAKE0001"),
	}), "")
	for agent, want := range map[string]string{"main": "", "work": `openclaw config set 'agents.defaults.models["openai/gpt-5.5"].agentRuntime.id' openclaw`,
		"ops": `openclaw config set 'agents.entries.ops.models["anthropic/claude-sonnet-4-6"].agentRuntime.id' openclaw`} {
		s := hm.read(agent)
		var rt *profile.Profile
		for i, p := range s.Profiles {
			if strings.HasPrefix(p.ID, "runtime ") && p.Judged {
				rt = &s.Profiles[i]
			}
		}
		switch {
		case want == "" && (rt != nil || profile.ExitCode(s.Status) != 0):
			t.Errorf("--agent %s: runtime row %+v, exit %d", agent, rt, profile.ExitCode(s.Status))
		case want != "" && (rt == nil || rt.Fix != want || profile.ExitCode(s.Status) != 1):
			t.Errorf("--agent %s: runtime row %+v, want fix %q and exit 1", agent, rt, want)
		}
	}
}

// TestRuntimeOwners: a plugin whose manifest declares the codex harness
// makes the runtime unconfirmed, not absent; the config's plugin switches
// still rule it out.
func TestRuntimeOwners(t *testing.T) {
	const manifest = `{"id":"codexish","activation":{"onAgentHarnesses":["Codex"]}}`
	tests := []struct {
		name, plugins, where, want string
	}{
		{"in the state dir's extensions", ``, ".openclaw/extensions/codexish", "plugin codexish"},
		{"in an npm install of the state dir", ``, ".openclaw/npm/node_modules/@acme/codexish", "plugin codexish"},
		{"in plugins.load.paths", `, plugins: {load: {paths: ["~/dev/codexish"]}}`, "dev/codexish", "plugin codexish"},
		{"bundled with the installed gateway", ``, "npm/lib/node_modules/openclaw/dist/extensions/codexish", "plugin codexish"},
		{"plugins disabled", `, plugins: {enabled: false}`, ".openclaw/extensions/codexish", "no installed plugin provides"},
		{"denied", `, plugins: {deny: ["codexish"]}`, ".openclaw/extensions/codexish", "no installed plugin provides"},
		{"switched off", `, plugins: {entries: {codexish: {enabled: false}}}`, ".openclaw/extensions/codexish", "no installed plugin provides"},
		{"not on the allow-list", `, plugins: {allow: ["other"]}`, ".openclaw/extensions/codexish", "no installed plugin provides"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			hm.installCLI(cliOpenClaw, "2026.9.6")
			hm.config(`{agents: {defaults: {model: {primary: "openai/gpt-5.5"}}}` + tt.plugins + `}`)
			hm.write(tt.where+"/openclaw.plugin.json", manifest)
			s := hm.read("")
			r, _ := row(s, "runtime openai/gpt-5.5")
			if !r.Judged || r.State != profile.Error || !strings.Contains(r.Message, tt.want) {
				t.Errorf("runtime row %+v, want one saying %q", r, tt.want)
			}
		})
	}
}

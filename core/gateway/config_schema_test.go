package gateway

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/json5"
	"github.com/authtray/authtray/core/profile"
)

// TestConfigSchema: a config the gateway's schema refuses is an error row
// that fails the status (the gateway refuses the whole file, so its daemon
// does not start), checked only with the schema of the gateway that reads
// it. Each refusal and each pass here was run through openclaw 2026.9.6
// (`config validate`, and `models status --check` for the roster's rules).
func TestConfigSchema(t *testing.T) {
	const touched = `meta: {lastTouchedVersion: "2026.9.6"}, `
	const model = `agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}`
	tests := []struct {
		name, config string
		installed    string // the openclaw version installed, "" none
		refused      string // what the row says, "" no row
	}{
		{"valid", `{` + touched + model + `}}`, "", ""},
		{"typo", `{` + touched + `agents: {defaults: {modle: 1, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "",
			`agents.defaults has "modle", which is not a setting the gateway knows`},
		{"top-level typo", `{` + touched + model + `}, fooBar: true}`, "", `the top level has "fooBar"`},
		{"agent id", `{` + touched + model + `, entries: {"Work Bot": {}}}}`, "", `"Work Bot" in agents.entries is not a name`},
		{"installed version decides", `{meta: {lastTouchedVersion: "2027.1.1"}, ` + model + `}, fooBar: true}`, "2026.9.6", `the top level has "fooBar"`},
		{"another installed version is not checked", `{` + touched + model + `}, fooBar: true}`, "2026.10.2", ""},
		{"no version known", `{` + model + `}, fooBar: true}`, "", ""},
		{"legacy context budget", `{` + touched + `agents: {defaults: {contextTokens: 1000, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "", ""},
		{"provider context window", `{` + touched + model + `}, models: {providers: {anthropic: {contextWindow: 5, baseUrl: "https://x", models: []}}}}`, "", ""},
		{"legacy roster", `{` + touched + model + `, list: [{id: "main", contextTokens: 5}, {id: "_x"}]}}`, "", ""},
		{"roster it cannot convert", `{` + touched + model + `, list: [{id: "Main"}]}}`, "", `agents has "list"`},
		{"roster twice", `{` + touched + model + `, list: [{id: "main"}, {id: "main"}]}}`, "", `agents has "list"`},
		{"a channel's own settings", `{` + touched + model + `}, channels: {telegram: {botTokn: "x"}, mychat: {x: 1}}}`, "", ""},
		{"the channels' kernel keys", `{` + touched + model + `}, channels: {defaults: {zzz: 1}}}`, "", `channels.defaults has "zzz"`},
		{"a plugin's config", `{` + touched + model + `}, plugins: {entries: {anthropic: {config: {whatever: 1}}, zzplugin: {config: {a: 1}}}}}`, "", ""},
		{"two agents, no owner", `{` + touched + model + `, entries: {main: {}, work: {}}}}`, "", `agents.entries lists 2 agents, so agents.ownership must be "explicit"`},
		{"two agents, one default", `{` + touched + model + `, entries: {main: {default: true}, work: {}}}}`, "", ""},
		{"two defaults", `{` + touched + model + `, entries: {main: {default: true}, work: {default: true}}}}`, "", "marks 2 agents default: true"},
		{"a default beside explicit", `{` + touched + model + `, ownership: "explicit", entries: {main: {default: true}}}}`, "", `which agents.ownership "explicit" does not allow`},
		{"explicit with no agent", `{` + touched + model + `, ownership: "explicit", entries: {}}}`, "", "lists no agent"},
		{"explicit with no roster", `{` + touched + model + `, ownership: "explicit"}}`, "", "lists no agent"},
		{"an empty roster is given main", `{` + touched + model + `, entries: {}}}`, "", ""},
		{"two keys, one agent", `{` + touched + model + `, ownership: "explicit", entries: {Main: {}, main: {}}}}`, "", `agents.entries has "Main" and "main", which name one agent ("main")`},
		{"an id in capitals", `{` + touched + model + `, entries: {Main: {}}}}`, "", ""},
		{"two agents, one dir", `{` + touched + model + `, ownership: "explicit", entries: {main: {}, work: {agentDir: "~/.openclaw/agents/main/agent"}}}}`, "", `agents "main" and "work" share the agent dir`},
		{"two agents, one dir written twice", `{` + touched + model + `, ownership: "explicit", entries: {main: {agentDir: "/tmp/x/a"}, work: {agentDir: "/tmp/x/a/"}}}}`, "", `share the agent dir /tmp/x/a,`},
		{"two agents, two dirs", `{` + touched + model + `, ownership: "explicit", entries: {main: {}, work: {agentDir: "/tmp/x/b"}}}}`, "", ""},
		{"roster beside entries", `{` + touched + model + `, entries: {}, list: [{id: "main"}]}}`, "", `agents has "list"`},
		{"a value not one of its enum", `{` + touched + `agents: {defaults: {thinkingDefault: "hihg", model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "",
			`agents.defaults.thinkingDefault is "hihg", which is not one of off, minimal, low, medium, high, xhigh, adaptive, max, ultra`},
		{"enum and bound edges", `{` + touched + `agents: {defaults: {thinkingDefault: "ultra", maxConcurrent: 1, timeoutSeconds: 0, model: {primary: "anthropic/claude-sonnet-4-6"}}}, gateway: {port: 65535}}`, "", ""},
		{"above a maximum", `{` + touched + model + `}, gateway: {port: 70000}}`, "", `gateway.port is too large: the gateway takes at most 65535`},
		{"not a whole number", `{` + touched + model + `}, gateway: {port: 80.5}}`, "", `gateway.port is not a whole number`},
		{"at an exclusive minimum", `{` + touched + `agents: {defaults: {maxConcurrent: 0, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "", `agents.defaults.maxConcurrent is too small: the gateway takes only numbers above 0`},
		{"a required key missing", `{` + touched + model + `}, auth: {profiles: {"anthropic:manual": {provider: "anthropic"}}}}`, "", `auth.profiles["anthropic:manual"] has no "mode", which the gateway requires there`},
		{"a secret in an enum is not shown", `{` + touched + model + `}, auth: {profiles: {"anthropic:manual": {provider: "anthropic", mode: "sk-ant-oat01-FAKEAAAAAAAAAAAAAAAAAAAAAAAA"}}}}`, "",
			`auth.profiles["anthropic:manual"].mode is not one of api_key, aws-sdk, oauth, token`},
		{"a channel's own enum", `{` + touched + model + `}, channels: {telegram: {dmPolicy: "zz"}}}`, "", ""},
		{"a binding to an agent not on the roster", `{` + touched + model + `, entries: {main: {}}}, bindings: [{agentId: "work", match: {channel: "telegram"}}]}`, "",
			`bindings[0].agentId names the agent "work", which is not in agents.entries`},
		{"a binding to main, with no roster", `{` + touched + model + `}, bindings: [{agentId: "main", match: {channel: "telegram"}}]}`, "", ""},
		{"a binding to another, with no roster", `{` + touched + model + `}, bindings: [{agentId: "work", match: {channel: "telegram"}}]}`, "", `bindings[0].agentId names the agent "work"`},
		{"agent ids compare normalized", `{` + touched + model + `, entries: {main: {}}}, bindings: [{agentId: " Main ", match: {channel: "telegram"}}]}`, "", ""},
		{"a system agent not on the roster", `{` + touched + `agents: {defaults: {systemAgent: {agentId: "work"}, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "",
			`agents.defaults.systemAgent.agentId names the agent "work", which is not in agents.entries`},
		{"a system agent in capitals", `{` + touched + `agents: {defaults: {systemAgent: {agentId: "MAIN"}, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "", ""},
		{"talk's agent", `{` + touched + model + `}, talk: {agentId: "nope"}}`, "", `talk.agentId names the agent "nope"`},
		{"a custom provider without a baseUrl", `{` + touched + model + `}, models: {providers: {mycorp: {models: []}}}}`, "",
			`models.providers.mycorp has no baseUrl, which a provider the gateway does not bundle needs`},
		{"a custom provider without models", `{` + touched + model + `}, models: {providers: {mycorp: {baseUrl: "https://x.example"}}}}`, "",
			`models.providers.mycorp has no models list`},
		{"a custom provider with both", `{` + touched + model + `}, models: {providers: {mycorp: {baseUrl: "https://x.example", models: []}}}}`, "", ""},
		{"a bundled provider needs neither", `{` + touched + model + `}, models: {providers: {" OpenAI ": {}, anthropic: {}}}}`, "", ""},
		{"a sandbox on the host's network", `{` + touched + `agents: {defaults: {sandbox: {docker: {network: " HOST "}}, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "",
			`agents.defaults.sandbox.docker.network is "host", which the gateway blocks for sandboxes`},
		{"an agent's sandbox joining a container", `{` + touched + model + `, entries: {main: {sandbox: {browser: {network: "container:x"}}}}}}`, "",
			`agents.entries.main.sandbox.browser.network joins another container's network`},
		{"joining a container, allowed", `{` + touched + model + `, entries: {main: {sandbox: {docker: {network: "container:x", dangerouslyAllowContainerNamespaceJoin: true}, browser: {network: "container:x"}}}}}}`, "", ""},
		{"an unconfined seccomp profile", `{` + touched + model + `, entries: {main: {sandbox: {docker: {seccompProfile: "Unconfined"}}}}}}`, "",
			`agents.entries.main.sandbox.docker.seccompProfile is "unconfined"`},
		{"a relative bind", `{` + touched + `agents: {defaults: {sandbox: {docker: {binds: ["/data:/data:ro", "./x:/x"]}}, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "",
			`agents.defaults.sandbox.docker.binds[1] mounts a host path that is not absolute`},
		{"sandbox settings it takes", `{` + touched + `agents: {defaults: {sandbox: {docker: {network: "bridge", seccompProfile: "/etc/s.json", binds: ["/data:/data:ro", "C:/x:/y"]}, browser: {network: "none", binds: ["/b"]}}, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "", ""},
		{"tools in allow and alsoAllow", `{` + touched + model + `}, tools: {allow: ["read"], alsoAllow: ["exec"]}}`, "",
			`tools lists tools in both allow and alsoAllow`},
		{"an agent's provider policy in both", `{` + touched + model + `, entries: {main: {tools: {byProvider: {openai: {allow: ["a"], alsoAllow: ["b"]}}}}}}}`, "",
			`agents.entries.main.tools.byProvider.openai lists tools in both allow and alsoAllow`},
		{"a sandbox policy in both", `{` + touched + model + `}, tools: {sandbox: {tools: {allow: ["a"], alsoAllow: ["b"]}}}}`, "", `tools.sandbox.tools lists tools in both`},
		{"tool policies it takes", `{` + touched + model + `, entries: {main: {tools: {allow: ["a"], deny: ["b"]}}}}, tools: {allow: [], alsoAllow: ["exec"], toolsBySender: {x: {alsoAllow: ["b"]}}}}`, "", ""},
		{"a legacy context budget out of bounds", `{` + touched + `agents: {defaults: {contextTokens: -5, model: {primary: "anthropic/claude-sonnet-4-6"}}}}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHome(t)
			if tt.installed != "" {
				h.installCLI("openclaw", tt.installed)
			}
			h.config(tt.config)
			h.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(30*24*time.Hour))}), "")
			exit := 0
			if tt.refused != "" {
				exit = 1
			}
			s := h.readExit("", exit)
			r, ok := row(s, "config")
			switch {
			case tt.refused == "" && ok:
				t.Errorf("unexpected row: %s", r.Message)
			case tt.refused != "" && !ok:
				t.Errorf("no config row, want one saying %q", tt.refused)
			case ok && (!strings.Contains(r.Message, tt.refused) || r.State != profile.Error || !r.Judged):
				t.Errorf("row %s judged=%v %q, want a judged error saying %q", r.State, r.Judged, r.Message, tt.refused)
			}
			if strings.Contains(r.Message, "sk-ant-") {
				t.Errorf("the row shows a value shaped like a secret: %q", r.Message)
			}
		})
	}
}

// TestCanonicalAgentID: each want is what the gateway's normalizeAgentId
// (dist/agent-id-*.mjs, openclaw 2026.9.6) returned for the input.
func TestCanonicalAgentID(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"main", "main"},
		{"Main", "main"},
		{" work ", "work"},
		{"_x", "_x"},
		{"Work Bot", "work-bot"},
		{"--a--", "a"},
		{"a..b", "a-b"},
		{"", "main"},
		{"!!!", "main"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{"-a", "a"},
		{"a-", "a-"},
		{"\u00e9", "main"},
		{"a\u00e9 b", "a-b"},
		{"A_B-c", "a_b-c"},
		{"a\u212ab", "akb"},
		{"\u212a", "k"},
		{"a----------------------------------------------------------------------b", "a---------------------------------------------------------------"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\u00e9", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{"0", "0"},
		{"9_", "9_"},
		{"\tx\n", "x"},
		{"x\u00a0y", "x-y"},
		{"\u0130stanbul", "i-stanbul"},
		{"\u01c5x", "x"},
		{"\u00df", "main"},
		{"a_-_b", "a_-_b"},
		{"__", "__"},
		{"_", "_"},
		{"-_-", "_"},
		{"a b  c", "a-b-c"},
		{"\uff21", "main"},
	} {
		if got := canonicalAgentID(tt.in); got != tt.want {
			t.Errorf("canonicalAgentID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAgentFlagNormalized: --agent takes the gateway's normalizeAgentId, as
// `openclaw models status --agent "Work Bot"` does (run on 2026.9.6: it
// judges work-bot).
func TestAgentFlagNormalized(t *testing.T) {
	for _, flag := range []string{"work-bot", "WORK-BOT", " work-bot ", "Work Bot", "work..bot"} {
		h := newHome(t)
		h.config(`{agents: {ownership: "explicit", defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}, "work-bot": {}}}}`)
		h.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(30*24*time.Hour))}), "")
		s := h.readExit(flag, 0)
		if r, ok := row(s, "agent"); ok {
			t.Errorf("--agent %q: %s", flag, r.Message)
		}
	}
}

// TestCustomProviderVersion: the bundled providers are one version's; with
// another version's config no provider is judged.
func TestCustomProviderVersion(t *testing.T) {
	v, err := json5.Parse([]byte(`{models: {providers: {mycorp: {}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	root := v.(*json5.Object)
	if got := customProviderProblem(root, "2026.9.6"); got == "" {
		t.Error("2026.9.6: no problem with a custom provider without a baseUrl")
	}
	if got := customProviderProblem(root, "2027.1.1"); got != "" {
		t.Errorf("2027.1.1: %q, want none (its bundled providers are not known)", got)
	}
}

// FuzzAgentIDRules: the written-out rules match the gateway's regexps,
// /^[a-z0-9][a-z0-9_-]{0,63}$/i and /[^a-z0-9_-]+/g, on any input.
func FuzzAgentIDRules(f *testing.F) {
	valid := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
	invalid := regexp.MustCompile(`[^a-z0-9_-]+`)
	for _, s := range []string{"", "a", "A-b_c", "-a", "a b", "é", "a\xffb", strings.Repeat("a", 64), strings.Repeat("a", 65), "a..b--c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainAgentID(s), valid.MatchString(s); got != want {
			t.Errorf("plainAgentID(%q) = %v, the regexp says %v", s, got, want)
		}
		if got, want := dashRuns(s), invalid.ReplaceAllString(s, "-"); got != want {
			t.Errorf("dashRuns(%q) = %q, the regexp gives %q", s, got, want)
		}
	})
}

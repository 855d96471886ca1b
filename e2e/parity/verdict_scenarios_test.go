package parity

import (
	"encoding/json"
	"os"
	"slices"
	"time"
)

// scenarios are every HOME the suite builds.
var scenarios = slices.Concat(baseScenarios, runtimeScenarios, olderDirScenarios, profileRefScenarios, configRefScenarios, pinScenarios, schemaScenarios, localScenarios, envKeyScenarios, expiryScenarios, stateScenarios)

const (
	openaiKey = "sk-proj-"
	gpt55     = "openai/gpt-5.5"
)

func pasteOpenAIKey(h *home) error {
	return h.oc(newSecret(openaiKey, 100)+"\n", "models", "auth", "paste-api-key", "--provider", "openai")
}

// withOpenAIKey is the build of a scenario that pastes an openai key, then
// does the rest with then.
func withOpenAIKey(then func(h *home) error) func(*home) error {
	return func(h *home) error {
		if err := pasteOpenAIKey(h); err != nil {
			return err
		}
		return then(h)
	}
}

// The runtime (agent harness) of a text model: the gateway's status fails
// on codex where it cannot run, whatever the credentials.
var runtimeScenarios = []scenario{
	{
		// openai text models pick the codex runtime; no plugin provides it.
		name:    "runtime-openai-fallback",
		parent:  "token-ok",
		build:   withOpenAIKey(func(h *home) error { return h.oc("", "models", "fallbacks", "add", gpt55) }),
		gateway: map[string]int{"": 1},
	},
	{
		// The same fallback on the embedded runtime: it passes.
		name:   "runtime-openai-openclaw",
		parent: "runtime-openai-fallback",
		build: func(h *home) error {
			return h.oc("", "config", "set", `agents.defaults.models["openai/gpt-5.5"].agentRuntime.id`, "openclaw")
		},
		gateway: map[string]int{"": 0},
	},
	{
		// codex on an anthropic model: unsupported-codex-runtime-provider.
		name:   "runtime-codex-anthropic",
		parent: "token-ok",
		build: func(h *home) error {
			return h.oc("", "config", "set", `agents.defaults.models["anthropic/claude-sonnet-4-6"].agentRuntime.id`, "codex")
		},
		gateway: map[string]int{"": 1},
	},
	{
		// codex on the whole anthropic provider.
		name:   "runtime-codex-provider",
		parent: "token-ok",
		build: func(h *home) error {
			return h.oc("", "config", "set", "models.providers.anthropic.agentRuntime.id", "codex")
		},
		gateway: map[string]int{"": 1},
	},
	{
		// No model set: the built-in default is openai/gpt-6-astra, which
		// needs codex, though an openai key is there.
		name:    "runtime-default-model",
		build:   withOpenAIKey(func(h *home) error { return pasteToken(h, "365d") }),
		gateway: map[string]int{"": 1},
	},
	{
		// work's own model is openai; main's anthropic one passes.
		name:   "runtime-per-agent",
		parent: "token-ok",
		build: withOpenAIKey(func(h *home) error {
			if err := addAgent(h, "work"); err != nil {
				return err
			}
			return h.oc("", "config", "set", "agents.entries.work.model.primary", gpt55)
		}),
		agents:  []string{"work"},
		gateway: map[string]int{"": 0, "work": 1},
	},
	{
		// A custom (http) base URL: only the embedded runtime runs it.
		name:   "runtime-custom-base",
		parent: "token-ok",
		build: withOpenAIKey(func(h *home) error {
			if err := h.oc("", "config", "set", "models.providers.openai", `{"baseUrl":"http://127.0.0.1:9/v1","models":[]}`, "--strict-json"); err != nil {
				return err
			}
			return h.oc("", "models", "set", gpt55)
		}),
		gateway: map[string]int{"": 0},
	},
	{
		// An openai image model is no text model: no runtime check.
		name:   "runtime-openai-image",
		parent: "token-ok",
		build: withOpenAIKey(func(h *home) error {
			return h.oc("", "config", "set", "agents.defaults.imageModel.primary", "openai/gpt-image-2")
		}),
		gateway: map[string]int{"": 0},
	},
}

// legacyDir writes an older install's state dir: its config and a
// per-agent JSON store holding one token.
func legacyDir(h *home, dir, config string, expires time.Duration) error {
	if err := h.writeFile(dir+"/"+config, `{"agents":{"defaults":{"model":{"primary":"`+sonnet+`"}}}}`+"\n"); err != nil {
		return err
	}
	return h.writeFile(dir+"/agents/main/agent/auth-profiles.json", `{"version":1,"profiles":{"anthropic:default":{"type":"token","provider":"anthropic","token":"`+
		newSecret(setup, 108)+`","expires":`+itoa(h.ms(expires))+`}}}`+"\n")
}

// Older state dirs, judged by the program installed. With an older CLI
// installed, its own rules apply (clawdbot 2026.1.24
// dist/commands/models/list.status-command.js: exit 1 when any stored
// oauth/token profile is expired or missing, or a provider in use has no
// auth; 2 when one is expiring); it reads only its own dir
// (dist/config/paths.js resolveStateDir: $CLAWDBOT_STATE_DIR, else
// ~/.clawdbot). With none found it can't be confirmed: exit 1.
var olderDirScenarios = []scenario{
	{name: "legacy-clawdbot-none", parent: "legacy-clawdbot", build: noop, expect: map[string]int{"": 1}},
	{name: "legacy-clawdbot-cli", parent: "legacy-clawdbot", installed: "clawdbot", build: noop, expect: map[string]int{"": 0}},
	{name: "legacy-clawdbot-moltbot", parent: "legacy-clawdbot", installed: "moltbot", build: noop, expect: map[string]int{"": 1}},
	{
		name:      "legacy-clawdbot-expiring-cli",
		installed: "clawdbot",
		build:     func(h *home) error { return legacyDir(h, ".clawdbot", "clawdbot.json", 2*time.Hour) },
		expect:    map[string]int{"": 2},
	},
	{
		// openclaw ignores ~/.moltbot and judges an empty ~/.openclaw
		// (its default openai model, no credential, no codex runtime).
		name:      "moltbot-only",
		installed: "openclaw",
		build:     func(h *home) error { return legacyDir(h, ".moltbot", "moltbot.json", 365*day) },
		gateway:   map[string]int{"": 1},
	},
	{name: "moltbot-only-none", parent: "moltbot-only", build: noop, expect: map[string]int{"": 1}},
	{name: "moltbot-only-cli", parent: "moltbot-only", installed: "moltbot", build: noop, expect: map[string]int{"": 0}},
	{name: "moltbot-only-clawdbot", parent: "moltbot-only", installed: "clawdbot", build: noop, expect: map[string]int{"": 1}},
}

func noop(*home) error { return nil }

// plan writes a `secrets apply` plan moving profile anthropic:api of main
// to ref, with providers upserted first.
func (h *home) plan(ref map[string]any, providers map[string]any) (string, error) {
	p := map[string]any{"version": 1, "protocolVersion": 1, "targets": []any{map[string]any{
		"type": "auth-profiles.api_key.key", "path": "profiles.anthropic:api.key", "pathSegments": []any{"profiles", "anthropic:api", "key"},
		"agentId": "main", "authProfileProvider": "anthropic", "ref": ref,
	}}}
	if providers != nil {
		p["providerUpserts"] = providers
	}
	b, _ := json.Marshal(p)
	return h.path("plan.json"), h.writeFile("plan.json", string(b))
}

// fileSecrets writes ~/secrets.json (0600) holding an anthropic key at /anth.
func fileSecrets(h *home) error {
	return h.writeFile("secrets.json", `{"anth":"`+newSecret(apiKey, 108)+`"}`)
}

// SecretRefs on stored profiles, made by the CLI's `secrets apply`: the
// status counts an env ref only while its variable is set and never
// resolves file or exec refs there (indeterminate, exit 1).
var profileRefScenarios = []scenario{
	{
		name: "profile-ref-env-unset",
		build: func(h *home) error {
			if err := h.oc("", "models", "set", sonnet); err != nil {
				return err
			}
			plan, err := h.plan(map[string]any{"source": "env", "provider": "default", "id": "MY_ANTH_KEY"}, nil)
			if err != nil {
				return err
			}
			return h.ocEnv([]string{"MY_ANTH_KEY=" + newSecret(apiKey, 108)}, "", "secrets", "apply", "--from", plan)
		},
		gateway:         map[string]int{"": 1},
		unconfirmedRefs: []string{"anthropic:api"},
	},
	{
		name:    "profile-ref-env-set",
		parent:  "profile-ref-env-unset",
		env:     []string{"MY_ANTH_KEY=" + newSecret(apiKey, 108)},
		build:   noop,
		gateway: map[string]int{"": 0},
	},
	{
		name: "profile-ref-file",
		build: func(h *home) error {
			if err := h.oc("", "models", "set", sonnet); err != nil {
				return err
			}
			if err := fileSecrets(h); err != nil {
				return err
			}
			plan, err := h.plan(map[string]any{"source": "file", "provider": "fmain", "id": "/anth"},
				map[string]any{"fmain": map[string]any{"source": "file", "path": "~/secrets.json", "mode": "json"}})
			if err != nil {
				return err
			}
			return h.oc("", "secrets", "apply", "--from", plan)
		},
		gateway:         map[string]int{"": 1},
		unconfirmedRefs: []string{"anthropic:api"},
	},
	{
		// A token ordered after the file ref: the status passes over the
		// indeterminate ref to the ready token.
		name:   "profile-ref-file-then-token",
		parent: "profile-ref-file",
		build: func(h *home) error {
			if err := pasteToken(h, "365d"); err != nil {
				return err
			}
			return h.oc("", "models", "auth", "order", "set", "--provider", "anthropic", "anthropic:api", "anthropic:manual")
		},
		gateway:         map[string]int{"": 0},
		unconfirmedRefs: []string{"anthropic:api"},
		selectedIs:      map[string]string{"anthropic": "anthropic:manual"},
	},
	{
		// The file provider removed from the config: the ref is ruled out.
		name:            "profile-ref-unconfigured",
		parent:          "profile-ref-file",
		build:           func(h *home) error { return h.oc("", "config", "unset", "secrets.providers.fmain") },
		gateway:         map[string]int{"": 1},
		unconfirmedRefs: []string{"anthropic:api"},
	},
	{
		name: "profile-ref-exec",
		build: func(h *home) error {
			if err := h.oc("", "models", "set", sonnet); err != nil {
				return err
			}
			cmd, err := h.script("bin/resolver", `read req; echo '{"protocolVersion":1,"values":{"anth":"`+newSecret(apiKey, 108)+`"}}'`)
			if err != nil {
				return err
			}
			plan, err := h.plan(map[string]any{"source": "exec", "provider": "vault", "id": "anth"},
				map[string]any{"vault": map[string]any{"source": "exec", "command": cmd}})
			if err != nil {
				return err
			}
			return h.oc("", "secrets", "apply", "--from", plan, "--allow-exec")
		},
		gateway:         map[string]int{"": 1},
		unconfirmedRefs: []string{"anthropic:api"},
	},
}

// configRef builds an anthropic key in config that is a SecretRef, made by
// the CLI's `config set` ref and provider builders.
func configRef(h *home, provider []string, ref ...string) error {
	if err := h.oc("", "models", "set", sonnet); err != nil {
		return err
	}
	if err := h.oc("", append([]string{"config", "set"}, provider...)...); err != nil {
		return err
	}
	return h.oc("", append([]string{"config", "set", "models.providers.anthropic.apiKey"}, ref...)...)
}

// execRef is configRef with an exec provider running body.
func execRef(h *home, body string, extra ...string) error {
	cmd, err := h.script("bin/resolver", body)
	if err != nil {
		return err
	}
	if err := configRef(h, []string{"secrets.providers.vault", "--provider-source", "exec", "--provider-command", cmd},
		"--ref-provider", "vault", "--ref-source", "exec", "--ref-id", "anth"); err != nil {
		return err
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if err := h.oc("", "config", "set", extra[i], extra[i+1], "--strict-json"); err != nil {
			return err
		}
	}
	return nil
}

func execValue() string {
	return `read req; echo '{"protocolVersion":1,"values":{"anth":"` + newSecret(apiKey, 108) + `"}}'`
}

// SecretRefs in the config: the status resolves every one of
// models.providers (the exec resolver runs); one that does not resolve
// fails the whole status.
var configRefScenarios = []scenario{
	{
		name: "config-ref-file",
		build: func(h *home) error {
			if err := fileSecrets(h); err != nil {
				return err
			}
			return configRef(h, []string{"secrets.providers.fmain", "--provider-source", "file", "--provider-path", "~/secrets.json", "--provider-mode", "json"},
				"--ref-provider", "fmain", "--ref-source", "file", "--ref-id", "/anth")
		},
		gateway: map[string]int{"": 0},
	},
	{name: "config-ref-file-missing", parent: "config-ref-file", build: func(h *home) error { return os.Remove(h.path("secrets.json")) }, gateway: map[string]int{"": 1}},
	{name: "config-ref-file-open", parent: "config-ref-file", build: func(h *home) error { return os.Chmod(h.path("secrets.json"), 0o640) }, gateway: map[string]int{"": 1}},
	{name: "config-ref-exec", build: func(h *home) error { return execRef(h, execValue()) }, gateway: map[string]int{"": 0}},
	{name: "config-ref-exec-fails", build: func(h *home) error { return execRef(h, "exit 3") }, gateway: map[string]int{"": 1}},
	{
		name:    "config-ref-exec-timeout",
		build:   func(h *home) error { return execRef(h, "sleep 10", "secrets.providers.vault.timeoutMs", "1000") },
		gateway: map[string]int{"": 1},
	},
	{
		name: "config-ref-exec-plain",
		build: func(h *home) error {
			return execRef(h, "read req; echo "+newSecret(apiKey, 108), "secrets.providers.vault.jsonOnly", "false")
		},
		gateway: map[string]int{"": 0},
	},
	{
		name: "config-ref-env-unset",
		build: func(h *home) error {
			if err := h.oc("", "models", "set", sonnet); err != nil {
				return err
			}
			return h.ocEnv([]string{"MY_ANTH_KEY=" + newSecret(apiKey, 108)}, "", "config", "set", "models.providers.anthropic.apiKey", "--ref-provider", "default", "--ref-source", "env", "--ref-id", "MY_ANTH_KEY")
		},
		gateway: map[string]int{"": 1},
	},
	{name: "config-ref-env-set", parent: "config-ref-env-unset", env: []string{"MY_ANTH_KEY=" + newSecret(apiKey, 108)}, build: noop, gateway: map[string]int{"": 0}},
	{
		// A provider no model uses, whose ref does not resolve: the
		// status fails all the same, beside a valid token.
		name:   "config-ref-unused-fails",
		parent: "token-ok",
		build: func(h *home) error {
			cmd, err := h.script("bin/resolver", "exit 3")
			if err != nil {
				return err
			}
			if err := h.oc("", "config", "set", "secrets.providers.vault", "--provider-source", "exec", "--provider-command", cmd); err != nil {
				return err
			}
			return h.oc("", "config", "set", "models.providers.openrouter", `{"apiKey":{"source":"exec","provider":"vault","id":"or"},"baseUrl":"https://openrouter.ai/api/v1","models":[]}`, "--strict-json")
		},
		gateway: map[string]int{"": 1},
	},
}

// Pins: the status strips provider/model@profile and judges the normal
// order (here the first pasted, 365 d), not the pinned 2 h token.
var pinScenarios = []scenario{
	{
		name:   "pin-stripped",
		parent: "missing",
		build: func(h *home) error {
			if err := pasteToken(h, "365d", "--profile-id", "anthropic:long"); err != nil {
				return err
			}
			if err := pasteToken(h, "2h", "--profile-id", "anthropic:soon"); err != nil {
				return err
			}
			return h.oc("", "config", "set", "agents.defaults.model.primary", sonnet+"@anthropic:soon")
		},
		gateway: map[string]int{"": 0},
	},
}

package parity

import (
	"encoding/json"
	"time"
)

// localProvider is the provider id onboarding derives for a custom server
// at http://127.0.0.1:9/v1.
const localProvider = "custom-127-0-0-1-9"

// onboardCustom runs the gateway's own non-interactive onboarding for a
// custom OpenAI-compatible server at base, without a key.
func onboardCustom(h *home, base string) error {
	return h.oc("", "onboard", "--non-interactive", "--accept-risk", "--skip-channels", "--skip-skills", "--skip-daemon",
		"--skip-health", "--skip-search", "--skip-ui", "--skip-hooks",
		"--auth-choice", "custom-api-key", "--custom-base-url", base, "--custom-model-id", "m1")
}

// onboardLocalWithToken onboards the custom server on this machine and
// pastes a token for its provider that expires in expiresIn.
func onboardLocalWithToken(h *home, expiresIn string) error {
	if err := onboardCustom(h, "http://127.0.0.1:9/v1"); err != nil {
		return err
	}
	return h.oc(newSecret(setup, 108)+"\n", "models", "auth", "paste-token", "--provider", localProvider, "--expires-in", expiresIn)
}

// A custom provider on this machine or its network needs no key: the
// gateway serves its models without one, even beside a failing profile.
// Each HOME is onboarded afresh, never a parent's copy: onboarding writes
// the HOME's absolute paths, so a copy's commands would write the parent's
// stores.
var localScenarios = []scenario{
	{
		name:    "local-provider",
		build:   func(h *home) error { return onboardCustom(h, "http://127.0.0.1:9/v1") },
		gateway: map[string]int{"": 0},
	},
	{
		name: "local-provider-expired-token",
		build: func(h *home) error {
			if err := onboardLocalWithToken(h, "1s"); err != nil {
				return err
			}
			time.Sleep(1500 * time.Millisecond)
			return nil
		},
		gateway: map[string]int{"": 0},
	},
	{
		// An auth order naming the expired token leaves the model none.
		name: "local-provider-order-expired",
		build: func(h *home) error {
			if err := onboardLocalWithToken(h, "1s"); err != nil {
				return err
			}
			return h.oc("", "models", "auth", "order", "set", "--provider", localProvider, localProvider+":manual")
		},
		gateway: map[string]int{"": 1},
	},
	{
		// A profile whose env SecretRef is unset is indeterminate, not
		// unavailable: the local server does not stand in for it.
		name: "local-provider-unset-ref",
		build: func(h *home) error {
			if err := onboardCustom(h, "http://127.0.0.1:9/v1"); err != nil {
				return err
			}
			plan := map[string]any{"version": 1, "protocolVersion": 1, "targets": []any{map[string]any{
				"type": "auth-profiles.api_key.key", "path": "profiles." + localProvider + ":api.key",
				"pathSegments": []any{"profiles", localProvider + ":api", "key"},
				"agentId":      "main", "authProfileProvider": localProvider,
				"ref": map[string]any{"source": "env", "provider": "default", "id": "MY_LOCAL_KEY"},
			}}}
			b, _ := json.Marshal(plan)
			if err := h.writeFile("plan.json", string(b)); err != nil {
				return err
			}
			return h.ocEnv([]string{"MY_LOCAL_KEY=" + newSecret("sk-", 60)}, "", "secrets", "apply", "--from", h.path("plan.json"))
		},
		gateway:         map[string]int{"": 1},
		unconfirmedRefs: []string{localProvider + ":api"},
	},
	{
		// A mode other than api-key asks for a credential of that mode.
		name:   "local-provider-token-auth",
		parent: "local-provider",
		build: func(h *home) error {
			return h.oc("", "config", "set", "models.providers."+localProvider+".auth", "token")
		},
		gateway: map[string]int{"": 1},
	},
	{
		name:    "remote-provider-no-key",
		build:   func(h *home) error { return onboardCustom(h, "https://llm.example.com/v1") },
		gateway: map[string]int{"": 1},
	},
}

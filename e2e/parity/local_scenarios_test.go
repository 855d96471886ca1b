package parity

import "time"

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

// A custom provider on this machine or its network needs no key: the
// gateway serves its models without one, even beside a failing profile.
var localScenarios = []scenario{
	{
		name:    "local-provider",
		build:   func(h *home) error { return onboardCustom(h, "http://127.0.0.1:9/v1") },
		gateway: map[string]int{"": 0},
	},
	{
		name:   "local-provider-expired-token",
		parent: "local-provider",
		build: func(h *home) error {
			if err := h.oc(newSecret(setup, 108)+"\n", "models", "auth", "paste-token", "--provider", localProvider, "--expires-in", "1s"); err != nil {
				return err
			}
			time.Sleep(1500 * time.Millisecond)
			return nil
		},
		gateway: map[string]int{"": 0},
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

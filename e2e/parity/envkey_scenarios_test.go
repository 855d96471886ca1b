package parity

// withModelAndEnv is the build of a scenario whose default model is model
// and whose only credential is the variable name, placed where place says:
// "dotenv" (~/.openclaw/.env) or "vars" (the config's env.vars; openclaw
// 2026.9.6 refuses a key set directly in the env block). The gateway writes the config (`models set`); the
// primary is then set as written, since an alias the CLI would normalize
// is what is tested.
func withModelAndEnv(model, place, name, value string) func(*home) error {
	return func(h *home) error {
		if err := h.oc("", "models", "set", sonnet); err != nil {
			return err
		}
		if place == "dotenv" {
			if err := h.writeFile(".openclaw/.env", name+"="+value+"\n"); err != nil {
				return err
			}
		}
		return h.config(func(c map[string]any) {
			agents, _ := c["agents"].(map[string]any)
			defaults, _ := agents["defaults"].(map[string]any)
			defaults["model"] = map[string]any{"primary": model}
			if place == "vars" {
				c["env"] = map[string]any{"vars": map[string]any{name: value}}
			}
		})
	}
}

// A provider's key from the environment: the gateway serves a model from
// the variables of its provider's alias (x-ai, minimax-cn, claude-cli), the
// variables it shares with another provider (minimax-portal, ollama-cloud)
// and its core table's (cerebras, openai's CODEX_API_KEY), wherever the
// variable is set; a value the gateway's normalization empties serves
// nothing. amazon-bedrock needs none.
var envKeyScenarios = []scenario{
	{
		name:    "env-alias-x-ai",
		build:   withModelAndEnv("x-ai/grok-4", "dotenv", "XAI_API_KEY", newSecret("xai-", 84)),
		gateway: map[string]int{"": 0},
	},
	{
		name:    "env-alias-claude-cli",
		build:   withModelAndEnv("claude-cli/claude-sonnet-4-6", "vars", "ANTHROPIC_API_KEY", newSecret(apiKey, 108)),
		gateway: map[string]int{"": 0},
	},
	{
		// MINIMAX_OAUTH_TOKEN unset: the api key serves minimax-portal.
		name:    "env-shared-minimax-portal",
		build:   withModelAndEnv("minimax-portal/MiniMax-M2.7", "dotenv", "MINIMAX_API_KEY", newSecret("sk-api-", 90)),
		gateway: map[string]int{"": 0},
	},
	{
		name:    "env-shared-ollama-cloud",
		env:     []string{"OLLAMA_API_KEY=" + newSecret("", 60)},
		build:   withModelAndEnv("ollama-cloud/gpt-oss:120b", "none", "", ""),
		gateway: map[string]int{"": 0},
	},
	{
		name:    "env-core-cerebras",
		build:   withModelAndEnv("cerebras/llama3.1-8b", "dotenv", "CEREBRAS_API_KEY", newSecret("csk-", 56)),
		gateway: map[string]int{"": 0},
	},
	{
		// CODEX_API_KEY, first of openai's, on the embedded runtime.
		name: "env-core-codex",
		build: func(h *home) error {
			if err := withModelAndEnv(gpt55, "dotenv", "CODEX_API_KEY", newSecret(openaiKey, 100))(h); err != nil {
				return err
			}
			return h.oc("", "config", "set", `agents.defaults.models["openai/gpt-5.5"].agentRuntime.id`, "openclaw")
		},
		gateway: map[string]int{"": 0},
	},
	{
		// Only Cyrillic letters: normalizeSecretInput drops every code
		// point beyond Latin-1, so the key is empty.
		name:    "env-value-not-latin1",
		build:   withModelAndEnv(sonnet, "vars", "ANTHROPIC_API_KEY", "ключключключ"),
		gateway: map[string]int{"": 1},
	},
	{
		// amazon-bedrock needs no key: without a profile or a provider
		// entry the gateway leaves it to the AWS SDK's credential chain.
		name:    "env-aws-sdk-bedrock",
		env:     []string{"AWS_ACCESS_KEY_ID=" + newSecret("AKIA", 20)},
		build:   withModelAndEnv("amazon-bedrock/anthropic.claude-3-5-sonnet", "none", "", ""),
		gateway: map[string]int{"": 0},
	},
}

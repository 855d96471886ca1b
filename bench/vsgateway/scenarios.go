package main

// scenario is one HOME built with the gateway's CLI, and the `--check` exit
// code both programs must give on it.
type scenario struct {
	name  string
	about string
	build func(b *builder) error
	want  int
}

const sonnet = "anthropic/claude-sonnet-4-6"

// The typical user of both programs: one agent on Claude Sonnet with a
// setup-token, an Anthropic API key and an OpenRouter key beside it (three
// profiles), and a Claude Code login. In the second HOME the setup-token is
// anthropic's only credential and expires within the day, so the exit codes
// compared are not all zeros (with the API key beside it, the gateway would
// select the key and exit 0).
var scenarios = []scenario{
	{
		name:  "typical",
		about: "1 agent, 3 profiles (setup-token 365 d, 2 API keys) + Claude Code login",
		want:  0,
		build: func(b *builder) error { return typical(b, "365d", true) },
	},
	{
		name:  "expiring",
		about: "1 agent, 2 profiles (setup-token expiring in 2 h, OpenRouter key) + Claude Code login",
		want:  2,
		build: func(b *builder) error { return typical(b, "2h", false) },
	},
}

// typical pastes a setup-token living tokenLife, an OpenRouter key and, with
// anthropicKey, an Anthropic API key, then writes a Claude Code login.
func typical(b *builder, tokenLife string, anthropicKey bool) error {
	type step struct {
		stdin string
		args  []string
	}
	steps := []step{
		{"", []string{"models", "set", sonnet}},
		{b.secret(prefixAccess, 108) + "\n", []string{"models", "auth", "paste-token", "--provider", "anthropic", "--expires-in", tokenLife}},
		{b.secret("sk-or-v1-", 73) + "\n", []string{"models", "auth", "paste-api-key", "--provider", "openrouter"}},
	}
	if anthropicKey {
		steps = append(steps, step{b.secret(prefixAPI, 108) + "\n", []string{"models", "auth", "paste-api-key", "--provider", "anthropic", "--profile-id", "anthropic:api"}})
	}
	for _, s := range steps {
		if err := b.oc(s.stdin, s.args...); err != nil {
			return err
		}
	}
	return b.claudeLogin()
}

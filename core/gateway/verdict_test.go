package gateway

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

const sonnet = `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}}}}`

// TestVerdicts turns the gateway's own verdicts (gateway-research.md §6,
// recorded from openclaw 2026.9.6 on HOMEs built the same way) into table
// tests. The one deliberate difference is marked.
func TestVerdicts(t *testing.T) {
	const h, d = time.Hour, 24 * time.Hour
	type want struct {
		id     string
		state  profile.State
		judged bool
	}
	tests := []struct {
		name  string
		build func(h *home)
		agent string
		exit  int
		rows  []want
	}{
		{"token-ok", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
		}, "", 0, []want{{"anthropic:manual", profile.OK, true}}},
		{"token-expiring", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(2*h))}), "")
		}, "", 2, []want{{"anthropic:manual", profile.Expiring, true}}},
		{"token-expired", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(-h))}), "")
		}, "", 1, []want{{"anthropic:manual", profile.Expired, true}}},
		{"token-no-expiry", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), nil)}), "")
		}, "", 0, []want{{"anthropic:manual", profile.Unknown, true}}},
		// amazon-bedrock without a profile or a provider entry: the gateway
		// leaves it to the AWS SDK and exits 0, with or without AWS
		// variables (seen in runs); groq, with no plugin, needs a profile.
		{"bedrock-aws-sdk", func(hm *home) {
			hm.config(`{agents: {defaults: {model: {primary: "amazon-bedrock/anthropic.claude-3-5-sonnet"}}, entries: {main: {}}}}`)
		}, "", 0, []want{{"amazon-bedrock (AWS SDK)", profile.Unknown, true}}},
		{"bedrock-aws-vars", func(hm *home) {
			hm.config(`{agents: {defaults: {model: {primary: "amazon-bedrock/anthropic.claude-3-5-sonnet"}}, entries: {main: {}}}}`)
			hm.write(".openclaw/.env", "AWS_ACCESS_KEY_ID=AKIAFAKE0000\n")
		}, "", 0, []want{{"amazon-bedrock (AWS SDK)", profile.Unknown, true}}},
		{"groq-env-only", func(hm *home) {
			hm.config(`{agents: {defaults: {model: {primary: "groq/llama-3.3-70b-versatile"}}, entries: {main: {}}}}`)
			hm.write(".openclaw/.env", "GROQ_API_KEY=gsk_FAKE0000\n")
		}, "", 1, []want{{"groq (no credential)", profile.Missing, true}}},
		{"api-key-only", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": keyCred("anthropic", fakeKey(1)), "anthropic:b": keyCred("anthropic", fakeKey(2))}), "")
			// Same type, never used: the first written wins (JSON keys are
			// marshalled sorted here, so anthropic:b is first).
		}, "", 0, []want{{"anthropic:b", profile.OK, true}, {"anthropic:manual", profile.OK, false}}},
		// Deliberate difference: the gateway says expired (exit 1); a
		// refresh token is present, so the gateway refreshes it on use.
		{"oauth-refresh-expired", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:oauth": oauthCred("anthropic", fakeToken(1), fakeRefresh(2), ms(-h))}), "")
		}, "", 0, []want{{"anthropic:oauth", profile.OK, true}}},
		{"oauth-norefresh-expired", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:oauth": oauthCred("anthropic", fakeToken(1), "", ms(-h))}), "")
		}, "", 1, []want{{"anthropic:oauth", profile.Expired, true}}},
		// No refresh token and under the gateway's 5-minute refresh margin
		// left: its health says expiring, its status finds no usable auth
		// (real CLI: exit 1 at 1 and 3 minutes, 2 at 10 minutes).
		{"oauth-norefresh 3 minutes left", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:oauth": oauthCred("anthropic", fakeToken(1), "", ms(3*time.Minute))}), "")
		}, "", 1, []want{{"anthropic:oauth", profile.Expiring, true}, {"anthropic (no credential)", profile.Missing, true}}},
		{"oauth-norefresh 10 minutes left", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:oauth": oauthCred("anthropic", fakeToken(1), "", ms(10*time.Minute))}), "")
		}, "", 2, []want{{"anthropic:oauth", profile.Expiring, true}}},
		{"disabled-auth", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}),
				`{"version":1,"usageStats":{"anthropic:manual":{"disabledUntil":`+fmt.Sprint(ms(5*h))+`,"disabledReason":"auth","errorCount":3}}}`)
		}, "", 1, []want{{"anthropic:manual", profile.OK, true}, {"anthropic (no credential)", profile.Missing, true}}},
		// The gateway reads a usage record field by field
		// (coerceProfileUsageStats): a field of the wrong type is dropped,
		// the rest still count. Real CLI, openclaw 2026.9.6: exit 1, the
		// profile listed as unusable (disabled, auth) in each.
		{"disabled-auth, cooldownUntil a string", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}),
				`{"version":1,"usageStats":{"anthropic:manual":{"disabledUntil":`+fmt.Sprint(ms(3*h))+`,"disabledReason":"auth","cooldownUntil":"soon"}}}`)
		}, "", 1, []want{{"anthropic:manual", profile.OK, true}, {"anthropic (no credential)", profile.Missing, true}}},
		{"disabled-auth, blockedScope a number", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}),
				`{"version":1,"usageStats":{"anthropic:manual":{"disabledUntil":`+fmt.Sprint(ms(3*h))+`,"disabledReason":"auth","blockedScope":7}}}`)
		}, "", 1, []want{{"anthropic:manual", profile.OK, true}, {"anthropic (no credential)", profile.Missing, true}}},
		// Real CLI: exit 1, unusable disabled with no reason.
		{"disabled, disabledReason a number", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}),
				`{"version":1,"usageStats":{"anthropic:manual":{"disabledUntil":`+fmt.Sprint(ms(3*h))+`,"disabledReason":5}}}`)
		}, "", 1, []want{{"anthropic:manual", profile.OK, true}, {"anthropic (no credential)", profile.Missing, true}}},
		// Real CLI: exit 1, unusable cooldown.
		{"cooldown, lastUsed a string", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}),
				`{"version":1,"usageStats":{"anthropic:manual":{"lastUsed":"x","cooldownUntil":`+fmt.Sprint(ms(3*h))+`}}}`)
		}, "", 1, []want{{"anthropic:manual", profile.OK, true}, {"anthropic (no credential)", profile.Missing, true}}},
		// Keys match exactly: real CLI exit 0, nothing unusable.
		{"CooldownUntil in another case is no cooldown", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}),
				`{"version":1,"usageStats":{"anthropic:manual":{"CooldownUntil":`+fmt.Sprint(ms(3*h))+`}}}`)
		}, "", 0, []want{{"anthropic:manual", profile.OK, true}}},
		// The same in an agent's own database: real CLI --agent work, exit 1.
		{"agent DB: disabled-auth, cooldownUntil a string", func(hm *home) {
			hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}, work: {agentDir: "` + hm.path(".openclaw/agents/work/agent") + `"}}}}`)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
			hm.agentDB(".openclaw/agents/work/agent", storeJSON(map[string]map[string]any{}),
				`{"version":1,"usageStats":{"anthropic:manual":{"disabledUntil":`+fmt.Sprint(ms(3*h))+`,"disabledReason":"auth","cooldownUntil":"soon"}}}`)
		}, "work", 1, []want{{"anthropic:manual", profile.OK, true}, {"anthropic (no credential)", profile.Missing, true}}},
		// Times as late as the gateway takes (8.64e15, the last JavaScript
		// date). Real CLI: the token ok, exit 0; cooling down until then,
		// exit 1.
		{"token expiring in year 275760", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), 8.64e15)}), "")
		}, "", 0, []want{{"anthropic:manual", profile.OK, true}}},
		{"cooldown until year 275760", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}),
				`{"version":1,"usageStats":{"anthropic:manual":{"cooldownUntil":8.64e15}}}`)
		}, "", 1, []want{{"anthropic:manual", profile.OK, true}, {"anthropic (no credential)", profile.Missing, true}}},
		{"two-agents main", twoAgents, "main", 0, []want{{"anthropic:manual", profile.OK, true}, {"anthropic:work", profile.Expiring, false}}},
		{"two-agents work", twoAgents, "work", 2, []want{{"anthropic:work", profile.Expiring, true}, {"anthropic:manual", profile.OK, false}}},
		{"two-agents all", twoAgents, "", 2, []want{{"anthropic:work", profile.Expiring, true}, {"anthropic:manual", profile.OK, true}}},
		{"legacy json beside a state DB", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
			hm.write(".openclaw/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:old": tokenCred("anthropic", fakeToken(2), ms(365*d))}))
			// The gateway refuses main until it is migrated: the migration row
			// is its whole verdict, the shared token shown but not judged.
		}, "", 1, []want{{"migration", profile.Error, true}, {"anthropic:manual", profile.OK, false}}},
		// With clawdbot installed, its own store is live: every stored
		// profile counts (clawdbot 2026.1.24 dist/commands/models/
		// list.status-command.js: any oauth/token profile expired or missing).
		{"legacy clawdbot, clawdbot installed", func(hm *home) {
			hm.installCLI(cliClawdbot, "2026.1.24")
			hm.write(".clawdbot/clawdbot.json", `{agent: {model: "anthropic/claude-opus-4"}}`)
			hm.write(".clawdbot/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:default": tokenCred("anthropic", fakeToken(1), ms(-h))}))
		}, "", 1, []want{{"anthropic:default", profile.Expired, true}}},
		{"legacy clawdbot valid, clawdbot installed", func(hm *home) {
			hm.installCLI(cliClawdbot, "2026.1.24")
			hm.write(".clawdbot/clawdbot.json", `{agent: {model: "anthropic/claude-opus-4"}}`)
			hm.write(".clawdbot/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:default": tokenCred("anthropic", fakeToken(1), ms(365*d))}))
		}, "", 0, []want{{"anthropic:default", profile.OK, true}}},
		// The current gateway refuses it until doctor --fix (the parity
		// scenario legacy-clawdbot, openclaw 2026.9.6: exit 1).
		{"legacy clawdbot valid, openclaw installed", func(hm *home) {
			hm.installCLI(cliOpenClaw, "2026.9.6")
			hm.write(".clawdbot/clawdbot.json", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}}`)
			hm.write(".clawdbot/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:default": tokenCred("anthropic", fakeToken(1), ms(365*d))}))
		}, "", 1, []want{{"migration", profile.Error, true}}},
		// Nothing installed: it can't be confirmed (never ok).
		{"legacy clawdbot valid, nothing installed", func(hm *home) {
			hm.write(".clawdbot/clawdbot.json", `{agent: {model: "anthropic/claude-opus-4"}}`)
			hm.write(".clawdbot/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:default": tokenCred("anthropic", fakeToken(1), ms(365*d))}))
		}, "", 1, []want{{"state dir", profile.Error, true}, {"anthropic:default", profile.OK, false}}},
		{"missing: config only", func(hm *home) {
			hm.config(sonnet)
		}, "", 1, []want{{"anthropic (no credential)", profile.Missing, true}}},
		{"mixed", func(hm *home) {
			hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}}},
				auth: {profiles: {"anthropic:manual": {provider: "anthropic", mode: "token"}, "anthropic:api": {provider: "anthropic", mode: "api_key"}},
				       order: {anthropic: ["anthropic:api", "anthropic:manual"]}}}`)
			hm.shared(storeJSON(map[string]map[string]any{
				"anthropic:manual":  tokenCred("anthropic", fakeToken(1), ms(2*h)),
				"anthropic:api":     keyCred("anthropic", fakeKey(2)),
				"openrouter:manual": keyCred("openrouter", fakeKey(3)),
				"google:manual":     tokenCred("google", fakeToken(4), ms(-h)),
			}), "")
		}, "", 0, []want{{"anthropic:api", profile.OK, true}, {"anthropic:manual", profile.Expiring, false}, {"openrouter:manual", profile.OK, false}, {"google:manual", profile.Expired, false}}},
		{"expired token beside ANTHROPIC_API_KEY", func(hm *home) {
			hm.config(sonnet)
			hm.env["ANTHROPIC_API_KEY"] = fakeKey(9)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(-h))}), "")
		}, "", 0, []want{{"ANTHROPIC_API_KEY", profile.OK, true}, {"anthropic:manual", profile.Expired, false}}},
		{"env key only, from the state dir's .env", func(hm *home) {
			hm.config(sonnet)
			hm.write(".openclaw/.env", "# keys\nexport ANTHROPIC_API_KEY=\""+fakeKey(9)+"\"\n")
		}, "", 0, []want{{"ANTHROPIC_API_KEY", profile.OK, true}}},
		{"fallback provider without auth", func(hm *home) {
			hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6", fallbacks: ["openrouter/some-model"]}}}}`)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
		}, "", 1, []want{{"anthropic:manual", profile.OK, true}, {"openrouter (no credential)", profile.Missing, true}}},
		{"refresh fence", func(hm *home) {
			hm.config(sonnet)
			fence := "openclaw-oauth-refresh-fence:v1:0123456789abcdef0123456789abcdef:failed:"
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:oauth": oauthCred("anthropic", fence+"access:x", fence+"refresh:x", 1)}), "")
		}, "", 1, []want{{"anthropic:oauth", profile.Expired, true}}},
		// A current store without openclaw.json: the gateway's defaults
		// (openai/gpt-6-astra) select openai:b, and the model needs the
		// codex runtime no plugin provides (openclaw 2026.9.6 on this HOME:
		// exit 1, openai:b selected, anthropic:a unused).
		{"no config: the gateway's default model", func(hm *home) {
			hm.agentDB(".openclaw/agents/main/agent", storeJSON(map[string]map[string]any{
				"anthropic:a": tokenCred("anthropic", fakeToken(1), ms(365*d)),
				"openai:b":    tokenCred("openai", fakeToken(2), ms(3*h)),
			}), "")
		}, "", 1, []want{{"anthropic:a", profile.OK, false}, {"openai:b", profile.Expiring, true}, {"runtime openai/gpt-6-astra", profile.Error, true}}},
		{"config env.vars key serves", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}}, env: {vars: {ANTHROPIC_API_KEY: "` + fakeKey(7) + `"}}}`)
		}, "", 0, []want{{"ANTHROPIC_API_KEY", profile.OK, true}}},
		{"config env.KEY serves beside an expired token", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}}, env: {ANTHROPIC_API_KEY: "` + fakeKey(7) + `"}}`)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(-h))}), "")
		}, "", 0, []want{{"ANTHROPIC_API_KEY", profile.OK, true}, {"anthropic:manual", profile.Expired, false}}},
		// A local server with no key serves its models, even beside an
		// expired token of its provider (openclaw 2026.9.6, real CLI).
		{"local provider without a key serves", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "mine/m1"}}, models: {providers: {mine: {baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", models: [{id: "m1", name: "m1"}]}}}}`)
			hm.shared(storeJSON(map[string]map[string]any{"mine:manual": tokenCred("mine", fakeToken(1), ms(-h))}), "")
		}, "", 0, []want{{"models.providers.mine", profile.OK, true}, {"mine:manual", profile.Expired, false}}},
		{"local provider: an auth order naming an expired token leaves none", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "mine/m1"}}, auth: {order: {mine: ["mine:manual"]}}, models: {providers: {mine: {baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", models: [{id: "m1"}]}}}}`)
			hm.shared(storeJSON(map[string]map[string]any{"mine:manual": tokenCred("mine", fakeToken(1), ms(-h))}), "")
		}, "", 1, []want{{"mine:manual", profile.Expired, true}}},
		{"local provider: a ready profile comes first", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "mine/m1"}}, models: {providers: {mine: {baseUrl: "http://localhost:8000/v1", api: "ollama", models: [{id: "m1"}]}}}}`)
			hm.shared(storeJSON(map[string]map[string]any{"mine:manual": tokenCred("mine", fakeToken(1), ms(2*h))}), "")
		}, "", 2, []want{{"mine:manual", profile.Expiring, true}}},
		{"local provider asking for a token has none", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "mine/m1"}}, models: {providers: {mine: {baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", auth: "token", models: [{id: "m1"}]}}}}`)
		}, "", 1, []want{{"mine (no credential)", profile.Missing, true}}},
		{"a remote provider without a key has none", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "mine/m1"}}, models: {providers: {mine: {baseUrl: "https://llm.example.com/v1", api: "openai-completions", models: [{id: "m1"}]}}}}`)
		}, "", 1, []want{{"mine (no credential)", profile.Missing, true}}},
		{"a local provider listing no models has none", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "mine/m1"}}, models: {providers: {mine: {baseUrl: "http://127.0.0.1:8000/v1", api: "openai-completions", models: []}}}}`)
		}, "", 1, []want{{"mine (no credential)", profile.Missing, true}}},
		{"models.providers apiKey literal serves", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}}, models: {providers: {anthropic: {apiKey: "` + fakeKey(7) + `", models: []}}}}`)
		}, "", 0, []want{{"models.providers.anthropic.apiKey", profile.OK, true}}},
		{"models.providers apiKey naming an unset variable", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}}, models: {providers: {anthropic: {apiKey: "ANTHROPIC_API_KEY"}}}}`)
		}, "", 1, []want{{"models.providers.anthropic.apiKey", profile.Missing, true}}},
		{"models.providers apiKey naming a set variable wins over a stored token", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}}, models: {providers: {anthropic: {apiKey: "ANTHROPIC_API_KEY"}}}}`)
			hm.env["ANTHROPIC_API_KEY"] = fakeKey(9)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(2*h))}), "")
		}, "", 0, []want{{"models.providers.anthropic.apiKey", profile.OK, true}, {"anthropic:manual", profile.Expiring, false}}},
		{"a stored token wins over a literal config key", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}}, models: {providers: {anthropic: {apiKey: "` + fakeKey(7) + `"}}}}`)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(2*h))}), "")
		}, "", 2, []want{{"anthropic:manual", profile.Expiring, true}}},
		{"openrouter never cools down", func(hm *home) {
			hm.config(`{agents: {defaults: {model: "openrouter/anthropic/claude-sonnet-4"}}}`)
			hm.shared(storeJSON(map[string]map[string]any{"openrouter:manual": keyCred("openrouter", fakeKey(1))}),
				`{"version":1,"usageStats":{"openrouter:manual":{"disabledUntil":`+fmt.Sprint(ms(5*h))+`,"disabledReason":"billing"}}}`)
		}, "", 0, []want{{"openrouter:manual", profile.OK, true}}},
		{"agents.list roster", func(hm *home) {
			work := hm.path(".openclaw/agents/work/agent")
			hm.config(`{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}, list: [{id: "main", default: true}, {id: "work", agentDir: "` + work + `", model: "openai/gpt-5"}]}}`)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
		}, "", 1, []want{{"anthropic:manual", profile.OK, true}, {"openai (no credential)", profile.Missing, true}}},
		{"legacy auth.json beside a state DB needs migration", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
			hm.write(".openclaw/agents/main/agent/auth.json", `{"anthropic":{"type":"api_key","key":"x"}}`)
		}, "", 1, []want{{"migration", profile.Error, true}}},
		{"legacy auth-state.json alone is no credential source", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
			hm.write(".openclaw/agents/main/agent/auth-state.json", `{"version":1}`)
		}, "", 0, []want{{"anthropic:manual", profile.OK, true}}},
		{"moltbot.json is not the gateway's config", func(hm *home) {
			hm.write(".openclaw/moltbot.json", `{agents: {defaults: {model: "openai/gpt-5"}}}`)
			hm.agentDB(".openclaw/agents/main/agent", storeJSON(map[string]map[string]any{"anthropic:a": tokenCred("anthropic", fakeToken(1), ms(3*h))}), "")
		}, "", 1, []want{{"anthropic:a", profile.Expiring, false}, {"openai (no credential)", profile.Missing, true}}},
		{"no sharedStore row: the shared store is agents/main/agent, even when only work is configured", func(hm *home) {
			work := hm.path(".openclaw/agents/work/agent")
			hm.config(`{agents: {defaults: {model: "anthropic/claude-sonnet-4-6"}, entries: {work: {agentDir: "` + work + `"}}}}`)
			hm.agentDB(".openclaw/agents/main/agent", storeJSON(map[string]map[string]any{"anthropic:main": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
		}, "", 0, []want{{"anthropic:main", profile.OK, true}}},
		{"OPENCLAW_AGENT_DIR is the shared store and the target agent's dir", agentDirEnv(365 * d),
			"", 2, []want{{"anthropic:env", profile.Expiring, true}}},
		{"with --agent the agent's own dir is read; OPENCLAW_AGENT_DIR stays the shared store", agentDirEnv(-h),
			"main", 2, []want{{"anthropic:main", profile.Expired, false}, {"anthropic:env", profile.Expiring, true}}},
		{"moltbot beside openclaw is not read", func(hm *home) {
			hm.config(sonnet)
			hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}), "")
			hm.write(".moltbot/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:molt": tokenCred("anthropic", fakeToken(2), ms(-h))}))
		}, "", 0, []want{{"anthropic:manual", profile.OK, true}, {"anthropic:molt", profile.Expired, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			tt.build(hm)
			s := hm.readExit(tt.agent, tt.exit)
			if _, err := json.Marshal(s); err != nil {
				t.Errorf("json: %v", err) // what --json writes
			}
			for _, w := range tt.rows {
				p, ok := row(s, w.id)
				if !ok {
					t.Errorf("no row %s", w.id)
					continue
				}
				if p.State != w.state || p.Judged != w.judged {
					t.Errorf("%s: %s judged=%v (%s), want %s judged=%v", w.id, p.State, p.Judged, p.Message, w.state, w.judged)
				}
			}
		})
	}
}

// agentDirEnv builds a home whose OPENCLAW_AGENT_DIR holds anthropic:env,
// expiring in 3 h, and whose main agent DB holds anthropic:main, expiring
// in mainExpires.
func agentDirEnv(mainExpires time.Duration) func(hm *home) {
	return func(hm *home) {
		hm.config(sonnet)
		hm.env["OPENCLAW_AGENT_DIR"] = hm.path("elsewhere")
		hm.agentDB("elsewhere", storeJSON(map[string]map[string]any{"anthropic:env": tokenCred("anthropic", fakeToken(1), ms(3*time.Hour))}), "")
		hm.agentDB(".openclaw/agents/main/agent", storeJSON(map[string]map[string]any{"anthropic:main": tokenCred("anthropic", fakeToken(2), ms(mainExpires))}), "")
	}
}

// twoAgents: main uses a 365 d shared token; work has its own expiring token
// ordered first in its state row.
func twoAgents(hm *home) {
	work := hm.path(".openclaw/agents/work/agent")
	hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}, work: {agentDir: "` + work + `"}}}}`)
	hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*24*time.Hour))}), "")
	hm.agentDB(".openclaw/agents/work/agent", storeJSON(map[string]map[string]any{"anthropic:work": tokenCred("anthropic", fakeToken(2), ms(2*time.Hour))}),
		`{"version":1,"order":{"anthropic":["anthropic:work","anthropic:manual"]}}`)
}

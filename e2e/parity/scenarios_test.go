package parity

import (
	"os"
	"strings"
	"time"
)

// scenario is one HOME built with the gateway's own CLI (and, for what it
// cannot create offline, rows written the way it writes them).
type scenario struct {
	name string
	// parent is the scenario whose finished HOME this one starts from: the
	// gateway's commands are slow, so shared first steps run once.
	parent string
	build  func(h *home) error
	// agents are extra `--agent` variants to judge beside the default agent.
	agents []string
	// gateway is the verdict the research doc records for this HOME (by
	// agent, "" the default): if the gateway says otherwise the scenario
	// was not built as meant, and no comparison with it would prove anything.
	gateway map[string]int
	// refreshableOAuth marks the one documented difference: an OAuth profile
	// whose access token expired but which holds a refresh token is ok for
	// authtray ("refreshes on next use"); the gateway calls it expired.
	refreshableOAuth bool
	// checkAlone also runs plain `models status --check`, to show that the
	// exit code of `--json --check` (used everywhere else) is the same.
	checkAlone bool
	// env is extra environment for every gateway and authtray run on this
	// HOME ("$HOME" stands for the scenario's HOME); children do not
	// inherit it.
	env []string
	// installed is the gateway program authtray finds installed (it looks
	// without running it): "openclaw" is the oracle's own package, linked
	// onto authtray's PATH as npm links it; "clawdbot" or "moltbot" an
	// npm-style install of a package of that name and version, which no
	// test here can run; "" none (the scenarios built before this field
	// hold only what the current gateway writes, which needs none).
	installed string
	// expect is authtray's verdict (by agent) where the oracle is not the
	// gateway that judges the HOME: an older CLI installed, or none found.
	// The gateway is still asked, and its answer kept in the log.
	expect map[string]int
	// unconfirmedRefs are profiles whose secret is a SecretRef the
	// gateway's status cannot confirm: its health says "static", its
	// --check fails on them, and authtray's row is an error.
	unconfirmedRefs []string
	// selectedIs is the profile the gateway uses, by provider, where its
	// JSON lists profiles in their order before its readiness check
	// (selectReadyProfile) passes over an indeterminate first one.
	selectedIs map[string]string
}

// envFor expands the scenario's env for a HOME.
func (s scenario) envFor(home string) []string {
	var out []string
	for _, e := range s.env {
		out = append(out, strings.ReplaceAll(e, "$HOME", home))
	}
	return out
}

const (
	sonnet  = "anthropic/claude-sonnet-4-6"
	day     = 24 * time.Hour
	setup   = "sk-ant-oat01-" // Claude setup-token / OAuth access
	refresh = "sk-ant-ort01-"
	apiKey  = "sk-ant-api03-"
)

func addAgent(h *home, id string) error {
	return h.oc("", "agents", "add", id, "--non-interactive", "--workspace", h.path(id))
}

func pasteToken(h *home, expiresIn string, extra ...string) error {
	args := []string{"models", "auth", "paste-token", "--provider", "anthropic"}
	if expiresIn != "" {
		args = append(args, "--expires-in", expiresIn)
	}
	return h.oc(newSecret(setup, 108)+"\n", append(args, extra...)...)
}

// oauthOnly replaces the pasted token with an OAuth login, in the store row
// and in config (where `models auth login` records its mode).
func oauthOnly(h *home, withRefresh bool) error {
	p := map[string]any{
		"type": "oauth", "provider": "anthropic",
		"access":  newSecret(setup, 108),
		"expires": h.ms(-time.Hour),
	}
	if withRefresh {
		p["refresh"] = newSecret(refresh, 108)
	}
	if err := h.profiles(func(ps map[string]any) {
		delete(ps, "anthropic:manual")
		ps["anthropic:oauth"] = p
	}); err != nil {
		return err
	}
	return h.config(func(c map[string]any) {
		auth, _ := c["auth"].(map[string]any)
		if auth == nil {
			auth = map[string]any{}
			c["auth"] = auth
		}
		auth["profiles"] = map[string]any{"anthropic:oauth": map[string]any{"provider": "anthropic", "mode": "oauth"}}
	})
}

var baseScenarios = []scenario{
	{
		name:    "missing",
		build:   func(h *home) error { return h.oc("", "models", "set", sonnet) },
		gateway: map[string]int{"": 1},
	},
	{
		name:   "env-key-only",
		parent: "missing",
		build: func(h *home) error {
			return h.writeFile(".openclaw/.env", "ANTHROPIC_API_KEY="+newSecret(apiKey, 108)+"\n")
		},
		gateway: map[string]int{"": 0},
	},
	{
		name:    "token-ok",
		parent:  "missing",
		build:   func(h *home) error { return pasteToken(h, "365d") },
		gateway: map[string]int{"": 0},
	},
	{
		name:       "token-expiring",
		parent:     "missing",
		build:      func(h *home) error { return pasteToken(h, "2h") },
		gateway:    map[string]int{"": 2},
		checkAlone: true,
	},
	{
		name:    "token-no-expiry",
		parent:  "missing",
		build:   func(h *home) error { return pasteToken(h, "") },
		gateway: map[string]int{"": 0},
	},
	{
		// paste-token only takes future durations; the row gets the past.
		name:   "token-expired",
		parent: "token-ok",
		build: func(h *home) error {
			return h.profiles(func(ps map[string]any) {
				ps["anthropic:manual"].(map[string]any)["expires"] = h.ms(-time.Hour)
			})
		},
		gateway: map[string]int{"": 1},
	},
	{
		name:             "oauth-refresh-expired",
		parent:           "token-ok",
		build:            func(h *home) error { return oauthOnly(h, true) },
		gateway:          map[string]int{"": 1},
		refreshableOAuth: true,
	},
	{
		name:    "oauth-norefresh-expired",
		parent:  "token-ok",
		build:   func(h *home) error { return oauthOnly(h, false) },
		gateway: map[string]int{"": 1},
	},
	{
		name:   "disabled-auth",
		parent: "token-ok",
		build: func(h *home) error {
			return h.usageStats("anthropic:manual", map[string]any{
				"disabledUntil": h.ms(5 * time.Hour), "disabledReason": "auth",
				"errorCount": 3, "lastFailureAt": h.ms(-time.Minute),
			})
		},
		gateway:    map[string]int{"": 1},
		checkAlone: true,
	},
	{
		name:   "cooldown",
		parent: "token-ok",
		build: func(h *home) error {
			return h.usageStats("anthropic:manual", map[string]any{
				"cooldownUntil": h.ms(30 * time.Minute), "cooldownReason": "rate_limit",
				"errorCount": 2, "lastFailureAt": h.ms(-time.Minute),
			})
		},
		gateway: map[string]int{"": 1},
	},
	{
		name:   "api-key-only",
		parent: "missing",
		build: func(h *home) error {
			if err := h.oc(newSecret(apiKey, 108)+"\n", "models", "auth", "paste-api-key", "--provider", "anthropic", "--profile-id", "anthropic:api"); err != nil {
				return err
			}
			return h.oc(newSecret("sk-or-v1-", 73)+"\n", "models", "auth", "paste-api-key", "--provider", "openrouter")
		},
		gateway: map[string]int{"": 0},
	},
	{
		// An expiring token, then an API key pasted after it (so put first in
		// auth.order), an unused provider's key, an unused expired token.
		name:   "mixed",
		parent: "token-expiring",
		build: func(h *home) error {
			if err := h.oc(newSecret(apiKey, 108)+"\n", "models", "auth", "paste-api-key", "--provider", "anthropic", "--profile-id", "anthropic:api"); err != nil {
				return err
			}
			if err := h.oc(newSecret("sk-or-v1-", 73)+"\n", "models", "auth", "paste-api-key", "--provider", "openrouter"); err != nil {
				return err
			}
			return h.profiles(func(ps map[string]any) {
				ps["google:manual"] = map[string]any{"type": "token", "provider": "google",
					"token": newSecret("ya29.", 120), "expires": h.ms(-2 * day)}
			})
		},
		gateway: map[string]int{"": 0},
	},
	{
		// main keeps the 365 d token; work gets its own 2 h token, ordered first.
		name:   "two-agents",
		parent: "token-ok",
		build: func(h *home) error {
			if err := h.oc("", "agents", "add", "work", "--non-interactive", "--workspace", h.path("work")); err != nil {
				return err
			}
			if err := pasteToken(h, "2h", "--agent", "work", "--profile-id", "anthropic:work"); err != nil {
				return err
			}
			return h.oc("", "models", "auth", "order", "set", "--agent", "work", "--provider", "anthropic", "anthropic:work", "anthropic:manual")
		},
		agents:  []string{"work"},
		gateway: map[string]int{"": 0, "work": 2},
	},
	{
		// A fallback whose provider has no credential at all.
		name:   "fallbacks",
		parent: "token-ok",
		build: func(h *home) error {
			return h.oc("", "models", "fallbacks", "add", "openrouter/anthropic/claude-sonnet-4")
		},
		gateway: map[string]int{"": 1},
	},
	{
		// A Moltbot-era install: only ~/.clawdbot, a JSON store, never
		// migrated. The current gateway refuses it until `doctor --fix`.
		name:      "legacy-clawdbot",
		installed: "openclaw",
		build: func(h *home) error {
			if err := h.writeFile(".clawdbot/clawdbot.json", `{"agents":{"defaults":{"model":{"primary":"`+sonnet+`"}}}}`+"\n"); err != nil {
				return err
			}
			return h.writeFile(".clawdbot/agents/main/agent/auth-profiles.json", `{"version":1,"profiles":{"anthropic:default":{"type":"token","provider":"anthropic","token":"`+
				newSecret(setup, 108)+`","expires":`+itoa(h.ms(365*day))+`}},"lastGood":{"anthropic":"anthropic:default"}}`+"\n")
		},
		gateway: map[string]int{"": 1},
	},
	{
		// Two tokens of one mode, no auth.order: the gateway keeps the
		// config's key order for ties (the first pasted, expiring, wins),
		// not the alphabetical one.
		name:   "config-order-tie",
		parent: "missing",
		build: func(h *home) error {
			if err := pasteToken(h, "2h", "--profile-id", "anthropic:zeta"); err != nil {
				return err
			}
			return pasteToken(h, "365d", "--profile-id", "anthropic:alpha")
		},
		gateway: map[string]int{"": 2},
	},
	{
		// openrouter manages its own cooldowns: a disabled openrouter
		// profile is still used (the fallback has auth).
		name:   "openrouter-no-cooldown",
		parent: "fallbacks",
		build: func(h *home) error {
			if err := h.oc(newSecret("sk-or-v1-", 73)+"\n", "models", "auth", "paste-api-key", "--provider", "openrouter"); err != nil {
				return err
			}
			return h.usageStats("openrouter:manual", map[string]any{
				"disabledUntil": h.ms(5 * time.Hour), "disabledReason": "billing",
				"cooldownUntil": h.ms(time.Hour), "cooldownReason": "rate_limit", "errorCount": 4,
			})
		},
		gateway: map[string]int{"": 0},
	},
	{
		// A rate-limit cooldown and a model-scoped block, both for a model
		// not in use: the models in use still get the token.
		name:   "cooldown-other-model",
		parent: "token-ok",
		build: func(h *home) error {
			return h.usageStats("anthropic:manual", map[string]any{
				"cooldownUntil": h.ms(30 * time.Minute), "cooldownReason": "rate_limit", "cooldownModel": "claude-opus-4-6",
				"blockedUntil": h.ms(time.Hour), "blockedModel": "claude-opus-4-6", "blockedScope": "model",
				"errorCount": 2, "lastFailureAt": h.ms(-time.Minute),
			})
		},
		gateway: map[string]int{"": 0},
	},
	{
		// A cooldown naming another model, for a reason that is not
		// model-scoped, and a block without scope: both count.
		name:   "cooldown-unscoped",
		parent: "token-ok",
		build: func(h *home) error {
			return h.usageStats("anthropic:manual", map[string]any{
				"cooldownUntil": h.ms(30 * time.Minute), "cooldownReason": "auth", "cooldownModel": "claude-opus-4-6",
				"blockedUntil": h.ms(time.Hour), "blockedModel": "claude-opus-4-6",
				"errorCount": 2, "lastFailureAt": h.ms(-time.Minute),
			})
		},
		gateway: map[string]int{"": 1},
	},
	{
		// Keys from the config: env.vars serves anthropic beside an expired
		// token; models.providers.openrouter.apiKey serves the fallback.
		name:   "config-keys",
		parent: "token-expired",
		build: editConfig(func(c map[string]any) {
			c["env"] = map[string]any{"vars": map[string]any{"ANTHROPIC_API_KEY": newSecret(apiKey, 108)}}
			agents, _ := c["agents"].(map[string]any)
			defaults, _ := agents["defaults"].(map[string]any)
			model, _ := defaults["model"].(map[string]any)
			model["fallbacks"] = []any{"openrouter/anthropic/claude-sonnet-4"}
			c["models"] = map[string]any{"providers": map[string]any{"openrouter": map[string]any{
				"apiKey": newSecret("sk-or-v1-", 73), "baseUrl": "https://openrouter.ai/api/v1", "models": []any{},
			}}}
		}),
		gateway: map[string]int{"": 0},
	},
	{
		// The model settings split into JSON5 $include files (comments,
		// unquoted keys, trailing commas, a ${VAR}): a list of includes
		// concatenates their fallbacks, so the google fallback (no auth)
		// from the first file counts beside the second file's, and the
		// sibling primary is merged over both.
		name:   "config-includes",
		parent: "token-ok",
		env:    []string{"FALLBACK_MODEL=anthropic/claude-haiku-4-5"},
		build: func(h *home) error {
			if err := h.writeFile(".openclaw/a.json5", "// first\n{defaults: {model: {fallbacks: ['google/gemini-2.5-pro',],},},}\n"); err != nil {
				return err
			}
			if err := h.writeFile(".openclaw/b.json5", "{\n  /* second */ defaults: {model: {primary: 'openai/gpt-5.5', fallbacks: [\"${FALLBACK_MODEL}\"]}},\n}\n"); err != nil {
				return err
			}
			return h.config(func(c map[string]any) {
				agents, _ := c["agents"].(map[string]any)
				agents["$include"] = []any{"./a.json5", "./b.json5"}
				agents["defaults"] = map[string]any{"model": map[string]any{"primary": sonnet}}
			})
		},
		gateway: map[string]int{"": 1},
	},
	{
		// OPENCLAW_STATE_DIR elsewhere: the gateway skips
		// ~/.config/openclaw/gateway.env, so its key serves nothing.
		name: "state-dir-elsewhere",
		env:  []string{"OPENCLAW_STATE_DIR=$HOME/st"},
		build: func(h *home) error {
			if err := h.oc("", "models", "set", sonnet); err != nil {
				return err
			}
			return h.writeFile(".config/openclaw/gateway.env", "ANTHROPIC_API_KEY="+newSecret(apiKey, 108)+"\n")
		},
		gateway: map[string]int{"": 1},
	},
	{
		// The expiring token in the shared store, on a gateway with two
		// agents: its CLI refuses `models auth` without --agent here. The
		// fix test renews it with the row's own fix.
		name:    "fix-two-agents",
		parent:  "token-expiring",
		build:   func(h *home) error { return addAgent(h, "work") },
		agents:  []string{"work"},
		gateway: map[string]int{"": 2, "work": 2},
	},
	{
		// The same in a state dir elsewhere (OPENCLAW_STATE_DIR): the fix
		// must name it, or it would renew ~/.openclaw.
		name: "fix-state-dir",
		env:  []string{"OPENCLAW_STATE_DIR=$HOME/gw state"},
		build: func(h *home) error {
			if err := h.oc("", "models", "set", sonnet); err != nil {
				return err
			}
			if err := pasteToken(h, "2h"); err != nil {
				return err
			}
			return addAgent(h, "work")
		},
		agents:  []string{"work"},
		gateway: map[string]int{"": 2, "work": 2},
	},
	{
		// OPENCLAW_STATE_DIR names a dir that does not exist: the gateway
		// uses it anyway, empty (its default model has no credential), and
		// does not fall back to the valid token in ~/.openclaw.
		name:    "state-dir-missing",
		parent:  "token-ok",
		env:     []string{"OPENCLAW_STATE_DIR=$HOME/nonexistent"},
		build:   func(h *home) error { return nil },
		gateway: map[string]int{"": 1},
	},
	{
		// OPENCLAW_STATE_DIR names an empty dir: the same empty install.
		name:    "state-dir-empty",
		parent:  "token-ok",
		env:     []string{"OPENCLAW_STATE_DIR=$HOME/empty"},
		build:   func(h *home) error { return os.MkdirAll(h.path("empty"), 0o700) },
		gateway: map[string]int{"": 1},
	},
	{
		// The older agents.list roster: main (default: true) keeps the
		// token; work uses openrouter, which has no credential.
		name:   "agents-list",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			agents, _ := c["agents"].(map[string]any)
			delete(agents, "entries")
			agents["list"] = []any{
				map[string]any{"id": "main", "default": true},
				map[string]any{"id": "work", "model": map[string]any{"primary": "openrouter/anthropic/claude-sonnet-4"}},
			}
		}),
		agents:  []string{"work"},
		gateway: map[string]int{"": 0, "work": 1},
	},
	{
		// doctor --fix imported a legacy auth-profiles.json into the state
		// DB and archived it; then a stale copy was put back. Main's own
		// agent DB holds no profile, so the gateway still refuses main
		// (hasMigratedAuthProfileCredentials looks there, not at the state
		// DB). A token, never OAuth: doctor spends OAuth offline.
		name:   "legacy-stale-copy",
		parent: "missing",
		build: func(h *home) error {
			legacy := `{"version":1,"profiles":{"anthropic:manual":{"type":"token","provider":"anthropic","token":"` +
				newSecret(setup, 108) + `","expires":` + itoa(h.ms(365*day)) + `}}}` + "\n"
			const rel = ".openclaw/agents/main/agent/auth-profiles.json"
			if err := h.writeFile(rel, legacy); err != nil {
				return err
			}
			if err := h.oc("", "doctor", "--fix", "--non-interactive"); err != nil {
				return err
			}
			return h.writeFile(rel, legacy)
		},
		gateway: map[string]int{"": 1},
	},
	{
		// A legacy file only for openrouter, which no model uses: `models
		// status` checks migration with no provider, so main is refused all
		// the same ("affected providers: openrouter").
		name:   "legacy-unused-provider",
		parent: "token-ok",
		build: func(h *home) error {
			return h.writeFile(".openclaw/agents/main/agent/auth-profiles.json", `{"version":1,"profiles":{"openrouter:default":{"type":"api_key","provider":"openrouter","key":"`+
				newSecret("sk-or-v1-", 73)+`"}}}`+"\n")
		},
		gateway: map[string]int{"": 1},
	},
	{
		// A stale file beside work's own populated agent DB is leftover
		// bytes the gateway ignores: work keeps its verdict, main is not
		// touched.
		name:   "legacy-beside-populated-db",
		parent: "two-agents",
		build: func(h *home) error {
			return h.writeFile(".openclaw/agents/work/agent/auth-profiles.json", `{"version":1,"profiles":{"anthropic:work":{"type":"token","provider":"anthropic","token":"`+
				newSecret(setup, 108)+`"}}}`+"\n")
		},
		agents:  []string{"work"},
		gateway: map[string]int{"": 0, "work": 2},
	},
}

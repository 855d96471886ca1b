package parity

// The gateway validates its config against its schema before anything
// else: a key it does not know refuses the whole file, so its status
// fails (and its daemon does not start) whatever the credentials. What it
// still reads in legacy form, and what it leaves to plugins, passes.
var schemaScenarios = []scenario{
	{
		name:    "schema-typo",
		parent:  "token-ok",
		build:   editConfig(func(c map[string]any) { agentsDefaults(c)["modle"] = "x" }),
		gateway: map[string]int{"": 1},
	},
	{
		name:    "schema-top-level",
		parent:  "token-ok",
		build:   editConfig(func(c map[string]any) { c["fooBar"] = true }),
		gateway: map[string]int{"": 1},
	},
	{
		// Agent ids are lower case: agents.entries refuses another key.
		name:   "schema-agent-id",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			agents(c)["entries"] = map[string]any{"main": map[string]any{}, "Work Bot": map[string]any{}}
		}),
		gateway: map[string]int{"": 1},
	},
	{
		name:   "schema-profile-typo",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			c["auth"].(map[string]any)["profiles"].(map[string]any)["anthropic:manual"].(map[string]any)["mdoe"] = "token"
		}),
		gateway: map[string]int{"": 1},
	},
	{
		// Context budgets it moves (or drops) before it validates, a
		// channel's settings (its plugin's, not loaded by the status) and a
		// plugin's own config block.
		name:   "schema-legacy-and-plugins",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			agentsDefaults(c)["contextTokens"] = 1000
			c["channels"] = map[string]any{"telegram": map[string]any{"botTokn": "x"}, "mychat": map[string]any{"x": 1}}
			c["plugins"].(map[string]any)["entries"].(map[string]any)["zzplugin"] = map[string]any{"config": map[string]any{"a": 1}}
		}),
		gateway: map[string]int{"": 0},
	},
	{
		// Two agents need agents.ownership "explicit" (or one default).
		name:   "schema-roster-no-owner",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			agents(c)["entries"] = map[string]any{"main": map[string]any{}, "work": map[string]any{}}
		}),
		gateway: map[string]int{"": 1},
	},
	{
		// A legacy roster whose id is not canonical is not converted; its
		// schema then refuses agents.list.
		name:    "schema-roster-unconverted",
		parent:  "token-ok",
		build:   editConfig(func(c map[string]any) { agents(c)["list"] = []any{map[string]any{"id": "Main"}} }),
		gateway: map[string]int{"": 1},
	},
	{
		// The rules its schema states of a value: one not in an enum, a
		// bound passed, a fraction where a whole number goes, a number at an
		// exclusive minimum, a required key left out.
		name:    "schema-enum",
		parent:  "token-ok",
		build:   editConfig(func(c map[string]any) { agentsDefaults(c)["thinkingDefault"] = "hihg" }),
		gateway: map[string]int{"": 1},
	},
	{
		name:    "schema-maximum",
		parent:  "token-ok",
		build:   editConfig(func(c map[string]any) { c["gateway"] = map[string]any{"port": 65536} }),
		gateway: map[string]int{"": 1},
	},
	{
		name:    "schema-whole-number",
		parent:  "token-ok",
		build:   editConfig(func(c map[string]any) { c["gateway"] = map[string]any{"port": 18789.5} }),
		gateway: map[string]int{"": 1},
	},
	{
		name:    "schema-exclusive-minimum",
		parent:  "token-ok",
		build:   editConfig(func(c map[string]any) { agentsDefaults(c)["maxConcurrent"] = 0 }),
		gateway: map[string]int{"": 1},
	},
	{
		name:   "schema-required",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			c["bindings"] = []any{map[string]any{"match": map[string]any{"channel": "telegram"}}}
		}),
		gateway: map[string]int{"": 1},
	},
	{
		// Each rule at its edge passes: an enum's last value, a maximum
		// and a minimum themselves, a binding with every key it requires;
		// a channel's own enum is its plugin's, which the status does not
		// load.
		name:   "schema-rule-edges",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			d := agentsDefaults(c)
			d["thinkingDefault"], d["maxConcurrent"], d["timeoutSeconds"] = "ultra", 1, 0
			c["gateway"] = map[string]any{"port": 65535}
			c["bindings"] = []any{map[string]any{"agentId": "main", "match": map[string]any{"channel": "telegram"}}}
			c["channels"] = map[string]any{"telegram": map[string]any{"dmPolicy": "zz"}}
		}),
		gateway: map[string]int{"": 0},
	},
	{
		// Its refinements beyond the schema: a binding's agent must be on
		// the roster (main, without one), and a provider it does not bundle
		// needs a baseUrl and a models list.
		name:   "schema-unknown-agent",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			c["bindings"] = []any{map[string]any{"agentId": "work", "match": map[string]any{"channel": "telegram"}}}
		}),
		gateway: map[string]int{"": 1},
	},
	{
		name:   "schema-custom-provider",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			c["models"] = map[string]any{"providers": map[string]any{"mycorp": map[string]any{"models": []any{}}}}
		}),
		gateway: map[string]int{"": 1},
	},
	{
		// A sandbox on the host's network is blocked.
		name:   "schema-sandbox-host-network",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			agentsDefaults(c)["sandbox"] = map[string]any{"docker": map[string]any{"network": "host"}}
		}),
		gateway: map[string]int{"": 1},
	},
	{
		// One tool policy may not list tools in both allow and alsoAllow.
		name:   "schema-tools-allow-conflict",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			c["tools"] = map[string]any{"allow": []any{"read"}, "alsoAllow": []any{"exec"}}
		}),
		gateway: map[string]int{"": 1},
	},
	{
		name:   "schema-refinement-edges",
		parent: "token-ok",
		build: editConfig(func(c map[string]any) {
			c["bindings"] = []any{map[string]any{"agentId": " Main ", "match": map[string]any{"channel": "telegram"}}}
			agentsDefaults(c)["systemAgent"] = map[string]any{"agentId": "MAIN"}
			c["tools"] = map[string]any{"allow": []any{}, "alsoAllow": []any{"exec"}}
			agentsDefaults(c)["sandbox"] = map[string]any{"docker": map[string]any{
				"network": "container:x", "dangerouslyAllowContainerNamespaceJoin": true, "binds": []any{"/data:/data:ro"},
			}}
			c["models"] = map[string]any{"providers": map[string]any{
				"mycorp": map[string]any{"baseUrl": "https://llm.example", "models": []any{}},
				"OpenAI": map[string]any{},
			}}
		}),
		gateway: map[string]int{"": 0},
	},
}

func agents(c map[string]any) map[string]any {
	a, ok := c["agents"].(map[string]any)
	if !ok {
		a = map[string]any{}
		c["agents"] = a
	}
	return a
}

func agentsDefaults(c map[string]any) map[string]any {
	a := agents(c)
	d, ok := a["defaults"].(map[string]any)
	if !ok {
		d = map[string]any{}
		a["defaults"] = d
	}
	return d
}

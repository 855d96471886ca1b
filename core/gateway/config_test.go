package gateway

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

func TestConfigResolution(t *testing.T) {
	env := map[string]string{"MODEL": "anthropic/claude-opus-4-6"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name    string
		files   map[string]string
		primary string // agents.defaults.model.primary after resolution
		err     string
	}{
		{"JSON5 comments, trailing commas, unquoted keys", map[string]string{
			"/c/openclaw.json": "// mine\n{agents: {defaults: {model: {primary: 'anthropic/x',},},},}",
		}, "anthropic/x", ""},
		{"$include replaces the object", map[string]string{
			"/c/openclaw.json": `{agents: {$include: "./agents.json5"}}`,
			"/c/agents.json5":  `{defaults: {model: {primary: "openai/y"}}}`,
		}, "openai/y", ""},
		{"$include array deep-merges, siblings win", map[string]string{
			"/c/openclaw.json": `{agents: {$include: ["./a.json5", "./b.json5"], defaults: {model: {primary: "z/sibling"}}}}`,
			"/c/a.json5":       `{defaults: {model: {primary: "a/a", fallbacks: ["a/f"]}}}`,
			"/c/b.json5":       `{defaults: {model: {primary: "b/b"}}}`,
		}, "z/sibling", ""},
		{"${VAR} substitution", map[string]string{
			"/c/openclaw.json": `{agents: {defaults: {model: {primary: "${MODEL}"}}}}`,
		}, "anthropic/claude-opus-4-6", ""},
		{"$${VAR} is a literal", map[string]string{
			"/c/openclaw.json": `{agents: {defaults: {model: {primary: "$${MODEL}"}}}}`,
		}, "${MODEL}", ""},
		{"unset variable stays visible", map[string]string{
			"/c/openclaw.json": `{agents: {defaults: {model: {primary: "${NOPE}"}}}}`,
		}, "${NOPE}", ""},
		{"malformed", map[string]string{"/c/openclaw.json": "{\nagents: {\n  defaults: [}\n"}, "", "/c/openclaw.json is malformed at line 3"},
		{"missing include", map[string]string{"/c/openclaw.json": `{agents: {$include: "./gone.json5"}}`}, "", "$include ./gone.json5 in /c/openclaw.json: file not found"},
		{"include outside the config dir", map[string]string{"/c/openclaw.json": `{agents: {$include: "/etc/agents.json5"}}`, "/etc/agents.json5": "{}"}, "", "outside the config directory"},
		{"include cycle", map[string]string{"/c/openclaw.json": `{agents: {$include: "./a.json5"}}`, "/c/a.json5": `{x: {$include: "./a.json5"}}`}, "", "includes itself"},
		{"include of a non-path", map[string]string{"/c/openclaw.json": `{agents: {$include: 3}}`}, "", "is not a path"},
		{"top level not an object", map[string]string{"/c/openclaw.json": `[1, 2]`}, "", "is not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadConfig(fsys.Fake{Files: tt.files}, "/c/openclaw.json", getenv)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := primaryOf(c.get("agents", "defaults", "model")); got != tt.primary {
				t.Errorf("primary = %q, want %q", got, tt.primary)
			}
		})
	}
}

func TestNestedIncludeValue(t *testing.T) {
	files := map[string]string{
		"/c/openclaw.json":      `{agents: {$include: "./sub/agents.json5"}}`,
		"/c/sub/agents.json5":   `{defaults: {$include: "./defaults.json5"}}`,
		"/c/sub/defaults.json5": `{model: "n/nested"}`,
	}
	c, err := loadConfig(fsys.Fake{Files: files}, "/c/openclaw.json", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if got := primaryOf(c.get("agents", "defaults", "model")); got != "n/nested" {
		t.Errorf("primary = %q", got)
	}
}

// TestConfigErrorRow: an unresolvable or unreadable config is one judged
// error row, and the stores are still shown.
func TestConfigErrorRow(t *testing.T) {
	for _, tc := range []struct {
		name string
		errs map[string]error
		cfg  string
		want string
	}{
		{"malformed", nil, "{agents: ", "Gateway config could not be resolved: /h/.openclaw/openclaw.json is malformed"},
		{"permission denied", map[string]error{"/h/.openclaw/openclaw.json": fs.ErrPermission}, "{}", "/h/.openclaw/openclaw.json: permission denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fsys.Fake{Files: map[string]string{
				"/h/.openclaw/openclaw.json":                        tc.cfg,
				"/h/.openclaw/agents/main/agent/auth-profiles.json": storeJSON(map[string]map[string]any{"anthropic:x": keyCred("anthropic", fakeKey(1))}),
			}, Errs: tc.errs}
			in := Input{Home: "/h", Getenv: func(string) string { return "" }, FS: f, Now: now}
			rows := Read(t.Context(), in)
			var cfgRow, migRow *profile.Profile
			for i := range rows {
				switch rows[i].ID {
				case "config@.openclaw":
					cfgRow = &rows[i]
				case "migration@.openclaw/main":
					migRow = &rows[i]
				}
			}
			if cfgRow == nil || cfgRow.State != profile.Error || !cfgRow.Judged || !strings.Contains(cfgRow.Message, tc.want) {
				t.Fatalf("config row = %+v, want %q", cfgRow, tc.want)
			}
			// The rest is still read: openclaw.json makes the dir the
			// current gateway's, which asks to migrate the legacy store.
			if migRow == nil || !migRow.Judged {
				t.Errorf("migration row = %+v, want shown and counted", migRow)
			}
		})
	}
}

// TestEnvFilePermission: an unreadable .env is reported and the rest read.
func TestEnvFilePermission(t *testing.T) {
	f := fsys.Fake{Files: map[string]string{
		"/h/.openclaw/.env":               "ANTHROPIC_API_KEY=" + fakeKey(1),
		"/h/.config/openclaw/gateway.env": "OPENAI_API_KEY=" + fakeKey(2),
	}, Errs: map[string]error{"/h/.openclaw/.env": fs.ErrPermission}}
	rows := Read(t.Context(), Input{Home: "/h", Getenv: func(string) string { return "" }, FS: f, Now: now})
	var sawErr, sawOpenAI bool
	for _, r := range rows {
		if strings.HasPrefix(r.ID, "env file@") && strings.Contains(r.Message, "permission denied") && !r.Judged {
			sawErr = true
		}
		if r.ID == "OPENAI_API_KEY" && r.Location == "OPENAI_API_KEY in /h/.config/openclaw/gateway.env" {
			sawOpenAI = true
		}
		if r.ID == "ANTHROPIC_API_KEY" {
			t.Errorf("a key from an unreadable file: %+v", r)
		}
	}
	if !sawErr || !sawOpenAI {
		t.Errorf("rows = %+v", rows)
	}
}

// TestAgentsList: the older agents.list roster is read when agents.entries
// is absent; default: true names the default agent.
func TestAgentsList(t *testing.T) {
	tests := []struct {
		name, cfg string
		ids       []string
		def, dir  string
	}{
		{"list with a default", `{agents: {list: [{id: "Main", model: "a/b"}, {id: "work", agentDir: "/w", default: true}, "junk"]}}`, []string{"main", "work"}, "work", "/w"},
		{"entries win over list", `{agents: {entries: {solo: {agentDir: "/s"}}, list: [{id: "work", agentDir: "/w", default: true}]}}`, []string{"solo"}, "solo", ""},
		{"two defaults: none", `{agents: {list: [{id: "a", default: true}, {id: "work", default: true}]}}`, []string{"a", "work"}, "main", "/dev/null"},
		{"explicit ownership ignores the marker", `{agents: {ownership: "explicit", list: [{id: "a"}, {id: "work", default: true}]}}`, []string{"a", "work"}, "main", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(fsys.Fake{Files: map[string]string{"/c.json": tt.cfg}}, "/c.json", func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.agentIDs(); strings.Join(got, ",") != strings.Join(tt.ids, ",") {
				t.Errorf("ids = %v, want %v", got, tt.ids)
			}
			if got := cfg.defaultAgent(); got != tt.def {
				t.Errorf("default = %q, want %q", got, tt.def)
			}
			if tt.dir != "/dev/null" {
				if got := cfg.agentDir("work"); got != tt.dir {
					t.Errorf("work dir = %q, want %q", got, tt.dir)
				}
			}
		})
	}
	cfg, _ := loadConfig(fsys.Fake{Files: map[string]string{"/c.json": `{agents: {list: [{id: "work", model: "x/y"}]}}`}}, "/c.json", func(string) string { return "" })
	if m := modelsInUse(cfg, "work"); len(m) == 0 || m[0].Ref() != "x/y" {
		t.Errorf("work models = %v", m)
	}
}

// TestRosterFileOrder: of two agents.entries keys that name one agent, the
// gateway's resolveAgentEntry takes the file's first; map order must not
// decide (run many times, since Go randomizes it).
func TestRosterFileOrder(t *testing.T) {
	for _, tt := range []struct{ config, dir string }{
		{`{agents: {entries: {Main: {agentDir: "/a"}, main: {agentDir: "/b"}}}}`, "/a"},
		{`{agents: {entries: {main: {agentDir: "/b"}, Main: {agentDir: "/a"}}}}`, "/b"},
	} {
		for range 20 {
			c, err := loadConfig(fsys.Fake{Files: map[string]string{"/c/openclaw.json": tt.config}}, "/c/openclaw.json", func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			if got := c.agentDir("main"); got != tt.dir {
				t.Fatalf("%s: agentDir(main) = %q, want %q", tt.config, got, tt.dir)
			}
		}
	}
}

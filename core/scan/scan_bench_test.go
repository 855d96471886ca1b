package scan

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/settings"
)

// The benchmarks scan HOMEs written the way the gateway (openclaw 2026.9.6)
// and Claude Code write them. Each HOME is built once per run and checked
// once (row count, verdict) before it is timed, so a fixture that silently
// stopped being read would fail instead of getting fast.

var benchNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// The gateway's schemas (dist/sqlite-json-*.mjs) and user_versions.
const (
	benchStateSchema = `CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT;`
	benchAgentSchema = `CREATE TABLE auth_profile_store (store_key TEXT NOT NULL PRIMARY KEY, store_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE auth_profile_state (state_key TEXT NOT NULL PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;`
	benchStateVersion = 18
	benchAgentVersion = 23
)

// benchSecret is a token-shaped fake, numbered so a leak could be traced.
func benchSecret(prefix string, n int) string {
	return fmt.Sprintf("sk-ant-%s-%s%06d", prefix, strings.Repeat("FAKE", 20), n)
}

// benchProfiles is a store of n profiles for one agent: a realistic mix of
// setup-tokens (some expiring, one expired), OAuth logins with refresh
// tokens, and API keys across providers.
func benchProfiles(agent string, n int, seq *int) (map[string]any, map[string]any) {
	providers := []string{"anthropic", "openai", "openrouter", "google", "mistral"}
	profiles := map[string]any{}
	usage := map[string]any{}
	for i := 0; i < n; i++ {
		*seq++
		prov := providers[i%len(providers)]
		id := fmt.Sprintf("%s:%s-%02d", prov, agent, i)
		var p map[string]any
		switch i % 4 {
		case 0:
			exp := benchNow.Add(time.Duration(30+i) * 24 * time.Hour)
			if i == 8 {
				exp = benchNow.Add(-time.Hour) // an unused, expired token
			}
			p = map[string]any{"type": "token", "provider": prov, "token": benchSecret("oat01", *seq), "expires": exp.UnixMilli()}
		case 1:
			p = map[string]any{"type": "api_key", "provider": prov, "key": benchSecret("api03", *seq)}
		case 2:
			p = map[string]any{"type": "oauth", "provider": prov, "access": benchSecret("oat01", *seq), "refresh": benchSecret("ort01", *seq),
				"expires": benchNow.Add(time.Duration(i) * time.Hour).UnixMilli(), "email": agent + "@example.invalid"}
		default:
			p = map[string]any{"type": "token", "provider": prov, "token": benchSecret("oat01", *seq)}
		}
		profiles[id] = p
		usage[id] = map[string]any{"lastUsed": benchNow.Add(-time.Duration(i) * time.Minute).UnixMilli()}
	}
	state := map[string]any{"version": 1, "usageStats": usage}
	return map[string]any{"version": 1, "profiles": profiles}, state
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// writeDB creates a WAL database as the gateway leaves it.
func writeDB(path, schema string, version int, stmts [][]any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, s := range []string{"PRAGMA journal_mode=WAL", schema, fmt.Sprintf("PRAGMA user_version=%d", version)} {
		if _, err := db.Exec(s); err != nil {
			return fmt.Errorf("%s: %s: %w", path, s, err)
		}
	}
	for _, s := range stmts {
		if _, err := db.Exec(s[0].(string), s[1:]...); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

func writeFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o600)
}

// benchHome describes one fixture HOME.
type benchHome struct {
	agents, perAgent int
	sqlite           bool // current layout: state DB + per-agent DBs
	legacyJSON       bool // per-agent auth-profiles.json
	// want is the number of rows a scan must return, and exit its code.
	want, exit int
}

// build writes the HOME under dir.
func (h benchHome) build(dir string) error {
	state := filepath.Join(dir, ".openclaw")
	entries := map[string]any{}
	ids := []string{"main"}
	for i := 1; i < h.agents; i++ {
		ids = append(ids, fmt.Sprintf("agent%03d", i))
	}
	for _, id := range ids {
		entries[id] = map[string]any{}
	}
	cfg := map[string]any{
		"agents": map[string]any{
			"defaults": map[string]any{"model": map[string]any{"primary": "anthropic/claude-sonnet-4-6", "fallbacks": []string{"openai/gpt-5.5"}},
				// openai models need a runtime 2026.9.6 ships only this way.
				"models": map[string]any{"openai/gpt-5.5": map[string]any{"agentRuntime": map[string]any{"id": "openclaw"}}}},
			"entries": entries,
		},
	}
	// The gateway writes plain JSON; a hand-edited comment keeps the JSON5
	// path honest.
	if err := writeFile(filepath.Join(state, "openclaw.json"), "// edited by hand\n"+mustJSON(cfg)); err != nil {
		return err
	}
	seq := 0
	if h.sqlite {
		store, st := benchProfiles("shared", h.perAgent, &seq)
		now := benchNow.UnixMilli()
		rows := [][]any{
			{"INSERT INTO config_machine_state VALUES (?, ?, ?)", "auth.sharedStore", `{"location":"state-db"}`, now},
			{"INSERT INTO config_machine_state VALUES (?, ?, ?)", "authProfiles.store", mustJSON(store), now},
			{"INSERT INTO config_machine_state VALUES (?, ?, ?)", "authProfiles.state", mustJSON(st), now},
		}
		if err := writeDB(filepath.Join(state, "state", "openclaw.sqlite"), benchStateSchema, benchStateVersion, rows); err != nil {
			return err
		}
	}
	for _, id := range ids {
		agentDir := filepath.Join(state, "agents", id, "agent")
		store, st := benchProfiles(id, h.perAgent, &seq)
		if h.sqlite {
			rows := [][]any{
				{"INSERT INTO auth_profile_store VALUES ('primary', ?, 1)", mustJSON(store)},
				{"INSERT INTO auth_profile_state VALUES ('primary', ?, 1)", mustJSON(st)},
			}
			if err := writeDB(filepath.Join(agentDir, "openclaw-agent.sqlite"), benchAgentSchema, benchAgentVersion, rows); err != nil {
				return err
			}
		}
		if h.legacyJSON {
			// Older stores keep the runtime state inline.
			store["usageStats"] = st["usageStats"]
			if err := writeFile(filepath.Join(agentDir, "auth-profiles.json"), mustJSON(store)); err != nil {
				return err
			}
		}
	}
	if err := writeFile(filepath.Join(state, ".env"), "ANTHROPIC_API_KEY="+benchSecret("api03", 999001)+"\nOPENAI_API_KEY=sk-"+strings.Repeat("FAKE", 12)+"\n"); err != nil {
		return err
	}
	creds := map[string]any{"claudeAiOauth": map[string]any{
		"accessToken": benchSecret("oat01", 999002), "refreshToken": benchSecret("ort01", 999003),
		"expiresAt": benchNow.Add(5 * time.Hour).UnixMilli(), "refreshTokenExpiresAt": benchNow.Add(300 * 24 * time.Hour).UnixMilli(),
		"scopes": []string{"user:inference", "user:profile"}, "subscriptionType": "max",
	}}
	if err := writeFile(filepath.Join(dir, ".claude", ".credentials.json"), mustJSON(creds)); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, ".claude.json"), `{"numStartups": 12, "oauthAccount": {"emailAddress": "bench@example.invalid", "accountUuid": "x"}}`)
}

func (h benchHome) input(dir string) Input {
	return Input{
		Home:     dir,
		Getenv:   func(string) string { return "" },
		FS:       fsys.OS{},
		Now:      benchNow,
		Zone:     time.UTC,
		Settings: settings.Defaults(),
	}
}

var benchHomes = []struct {
	name string
	home benchHome
}{
	// The typical user: one agent, three stored profiles (plus Claude Code
	// and the .env keys).
	{"typical-1x3", benchHome{agents: 1, perAgent: 3, sqlite: true, want: 1 + 3 + 3 + 2, exit: 0}},
	// The large case, current layout: a shared store and 100 agent
	// databases of 20 profiles each.
	{"sqlite-100x20", benchHome{agents: 100, perAgent: 20, sqlite: true, want: 1 + 20 + 100*20 + 2, exit: 0}},
	// The same agents as an older gateway left them: auth-profiles.json only.
	{"legacy-100x20", benchHome{agents: 100, perAgent: 20, legacyJSON: true, want: 1 + 100*20 + 2, exit: 0}},
	// Both: a state DB with a leftover auth-profiles.json in every agent dir.
	// Each agent's own DB holds its profiles, so the gateway ignores the
	// files (hasMigratedAuthProfileCredentials): no migration rows.
	{"mixed-100x20", benchHome{agents: 100, perAgent: 20, sqlite: true, legacyJSON: true, want: 1 + 20 + 100*20 + 2, exit: 0}},
}

// BenchmarkScan times one whole scan (every source, judged) per op.
func BenchmarkScan(b *testing.B) {
	root := b.TempDir()
	for i, c := range benchHomes {
		var once sync.Once
		var buildErr error
		dir := filepath.Join(root, fmt.Sprint(i))
		b.Run(c.name, func(b *testing.B) {
			once.Do(func() {
				if buildErr = c.home.build(dir); buildErr == nil {
					buildErr = checkScan(dir, c.home)
				}
			})
			if buildErr != nil {
				b.Fatal(buildErr)
			}
			in := c.home.input(dir)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				Scan(ctx, in)
			}
		})
	}
}

// checkScan proves the fixture is read as meant before it is timed.
func checkScan(dir string, h benchHome) error {
	s := Scan(context.Background(), h.input(dir))
	if len(s.Profiles) != h.want || profile.ExitCode(s.Status) != h.exit {
		var lines []string
		for _, p := range s.Profiles {
			if p.State == profile.Error {
				lines = append(lines, p.ID+": "+p.Message)
			}
		}
		return fmt.Errorf("scan of %s: %d rows, exit %d; want %d rows, exit %d\n%s", dir, len(s.Profiles), profile.ExitCode(s.Status), h.want, h.exit, strings.Join(lines, "\n"))
	}
	return nil
}

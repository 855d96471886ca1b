// Package benchhome writes the HOMEs the benchmarks read, the way the
// gateway (openclaw 2026.9.6) and Claude Code write them: core/scan's scan
// benchmarks and bench/startup's start-up benchmark build theirs here, so
// both time the same layout.
package benchhome

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/authtray/authtray/internal/gatewaydb"
)

// Home describes one fixture HOME.
type Home struct {
	Agents, PerAgent int
	SQLite           bool // current layout: state DB + per-agent DBs
	LegacyJSON       bool // per-agent auth-profiles.json
}

// Secret is a token-shaped fake, numbered so a leak could be traced. The
// prefix is built here so that no token-shaped literal sits in the source.
func Secret(prefix string, n int) string {
	return fmt.Sprintf("sk-ant-%s-%s%06d", prefix, strings.Repeat("FAKE", 20), n)
}

// Profiles is a store of n profiles for one agent, and its runtime state,
// with expiries relative to now: a realistic mix of setup-tokens (some
// expiring, one expired), OAuth logins with refresh tokens, and API keys
// across providers. seq numbers the secrets across calls.
func Profiles(agent string, n int, seq *int, now time.Time) (store, state map[string]any) {
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
			exp := now.Add(time.Duration(30+i) * 24 * time.Hour)
			if i == 8 {
				exp = now.Add(-time.Hour) // an unused, expired token
			}
			p = map[string]any{"type": "token", "provider": prov, "token": Secret("oat01", *seq), "expires": exp.UnixMilli()}
		case 1:
			p = map[string]any{"type": "api_key", "provider": prov, "key": Secret("api03", *seq)}
		case 2:
			p = map[string]any{"type": "oauth", "provider": prov, "access": Secret("oat01", *seq), "refresh": Secret("ort01", *seq),
				"expires": now.Add(time.Duration(i) * time.Hour).UnixMilli(), "email": agent + "@example.invalid"}
		default:
			p = map[string]any{"type": "token", "provider": prov, "token": Secret("oat01", *seq)}
		}
		profiles[id] = p
		usage[id] = map[string]any{"lastUsed": now.Add(-time.Duration(i) * time.Minute).UnixMilli()}
	}
	return map[string]any{"version": 1, "profiles": profiles}, map[string]any{"version": 1, "usageStats": usage}
}

// Build writes the HOME under dir, its expiries relative to now: the
// gateway's config, stores and .env, and a Claude Code login.
func (h Home) Build(dir string, now time.Time) error {
	state := filepath.Join(dir, ".openclaw")
	ids := []string{"main"}
	for i := 1; i < h.Agents; i++ {
		ids = append(ids, fmt.Sprintf("agent%03d", i))
	}
	if err := writeConfig(state, ids); err != nil {
		return err
	}
	seq := 0
	if h.SQLite {
		store, st := Profiles("shared", h.PerAgent, &seq, now)
		ms := now.UnixMilli()
		rows := [][]any{
			{"INSERT INTO config_machine_state VALUES (?, ?, ?)", "auth.sharedStore", `{"location":"state-db"}`, ms},
			{"INSERT INTO config_machine_state VALUES (?, ?, ?)", "authProfiles.store", MustJSON(store), ms},
			{"INSERT INTO config_machine_state VALUES (?, ?, ?)", "authProfiles.state", MustJSON(st), ms},
		}
		if err := gatewaydb.Write(filepath.Join(state, "state", "openclaw.sqlite"), gatewaydb.StateSchema, gatewaydb.StateVersion, rows); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if err := h.writeAgent(filepath.Join(state, "agents", id, "agent"), id, &seq, now); err != nil {
			return err
		}
	}
	if err := WriteFile(filepath.Join(state, ".env"), "ANTHROPIC_API_KEY="+Secret("api03", 999001)+"\nOPENAI_API_KEY=sk-"+strings.Repeat("FAKE", 12)+"\n"); err != nil {
		return err
	}
	return writeClaude(dir, now)
}

// writeConfig writes openclaw.json with the agents ids.
func writeConfig(state string, ids []string) error {
	entries := map[string]any{}
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
	return WriteFile(filepath.Join(state, "openclaw.json"), "// edited by hand\n"+MustJSON(cfg))
}

// writeAgent writes agent id's store in agentDir, in the layouts h asks
// for.
func (h Home) writeAgent(agentDir, id string, seq *int, now time.Time) error {
	store, st := Profiles(id, h.PerAgent, seq, now)
	if h.SQLite {
		rows := [][]any{
			{"INSERT INTO auth_profile_store VALUES ('primary', ?, 1)", MustJSON(store)},
			{"INSERT INTO auth_profile_state VALUES ('primary', ?, 1)", MustJSON(st)},
		}
		if err := gatewaydb.Write(filepath.Join(agentDir, "openclaw-agent.sqlite"), gatewaydb.AgentSchema, gatewaydb.AgentVersion, rows); err != nil {
			return err
		}
	}
	if h.LegacyJSON {
		// Older stores keep the runtime state inline.
		store["usageStats"] = st["usageStats"]
		if err := WriteFile(filepath.Join(agentDir, "auth-profiles.json"), MustJSON(store)); err != nil {
			return err
		}
	}
	return nil
}

// writeClaude writes a Claude Code login under dir: an OAuth login that
// its owner refreshes, and the account it belongs to.
func writeClaude(dir string, now time.Time) error {
	creds := map[string]any{"claudeAiOauth": map[string]any{
		"accessToken": Secret("oat01", 999002), "refreshToken": Secret("ort01", 999003),
		"expiresAt": now.Add(5 * time.Hour).UnixMilli(), "refreshTokenExpiresAt": now.Add(300 * 24 * time.Hour).UnixMilli(),
		"scopes": []string{"user:inference", "user:profile"}, "subscriptionType": "max",
	}}
	if err := WriteFile(filepath.Join(dir, ".claude", ".credentials.json"), MustJSON(creds)); err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, ".claude.json"), `{"numStartups": 12, "oauthAccount": {"emailAddress": "bench@example.invalid", "accountUuid": "x"}}`)
}

// WriteFile writes content to path, 0600 in a 0700 dir.
func WriteFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o600)
}

// MustJSON is v as JSON; v is the fixture's own maps, which always encode.
func MustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

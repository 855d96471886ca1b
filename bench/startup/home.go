package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

// Prefixes are split so no token-shaped literal sits in the source.
const (
	prefixAccess  = "sk-ant-" + "oat01-"
	prefixRefresh = "sk-ant-" + "ort01-"
	prefixAPI     = "sk-ant-" + "api03-"
)

// The gateway's schemas and user_versions (openclaw 2026.9.6), as in
// core/scan's benchmark HOMEs.
const (
	stateSchema = `CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT;`
	agentSchema = `CREATE TABLE auth_profile_store (store_key TEXT NOT NULL PRIMARY KEY, store_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE auth_profile_state (state_key TEXT NOT NULL PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;`
)

// typicalHome writes the typical user's HOME under dir: a Claude Code login,
// and a current-layout gateway with one agent: openclaw.json, a .env with
// an API key, the state database with the shared store and the agent's
// database, three profiles each (a setup-token a year from expiry, an
// OAuth login, an API key). `status --check` exits 0 on it.
func typicalHome(dir string) error {
	now := time.Now()
	secret := func(prefix string, n int) string {
		return fmt.Sprintf("%sFAKE%s%04d", prefix, strings.Repeat("x", 80), n)
	}
	store := func(agent string, n int) string {
		return mustJSON(map[string]any{"version": 1, "profiles": map[string]any{
			"anthropic:" + agent:  map[string]any{"type": "token", "provider": "anthropic", "token": secret(prefixAccess, n), "expires": now.Add(365 * 24 * time.Hour).UnixMilli()},
			"openai:" + agent:     map[string]any{"type": "oauth", "provider": "openai", "access": secret(prefixAccess, n+1), "refresh": secret(prefixRefresh, n+1), "expires": now.Add(6 * time.Hour).UnixMilli()},
			"openrouter:" + agent: map[string]any{"type": "api_key", "provider": "openrouter", "key": secret("sk-or-v1-", n+2)},
		}})
	}
	state := filepath.Join(dir, ".openclaw")
	ms := now.UnixMilli()
	err := writeDB(filepath.Join(state, "state", "openclaw.sqlite"), stateSchema, 18, [][]any{
		{"INSERT INTO config_machine_state VALUES (?, ?, ?)", "auth.sharedStore", `{"location":"state-db"}`, ms},
		{"INSERT INTO config_machine_state VALUES (?, ?, ?)", "authProfiles.store", store("shared", 1), ms},
	})
	if err != nil {
		return err
	}
	err = writeDB(filepath.Join(state, "agents", "main", "agent", "openclaw-agent.sqlite"), agentSchema, 23, [][]any{
		{"INSERT INTO auth_profile_store VALUES ('primary', ?, 1)", store("main", 10)},
	})
	if err != nil {
		return err
	}
	cfg := `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}}}}`
	creds := mustJSON(map[string]any{"claudeAiOauth": map[string]any{
		"accessToken": secret(prefixAccess, 100), "refreshToken": secret(prefixRefresh, 101),
		"expiresAt": now.Add(5 * time.Hour).UnixMilli(), "refreshTokenExpiresAt": now.Add(300 * 24 * time.Hour).UnixMilli(),
		"scopes": []string{"user:inference", "user:profile"}, "subscriptionType": "max",
	}})
	for rel, content := range map[string]string{
		".openclaw/openclaw.json":   cfg,
		".openclaw/.env":            "ANTHROPIC_API_KEY=" + secret(prefixAPI, 200) + "\n",
		".claude/.credentials.json": creds,
		".claude.json":              `{"numStartups": 12, "oauthAccount": {"emailAddress": "bench@example.invalid"}}`,
	} {
		if err := writeFile(filepath.Join(dir, rel), content); err != nil {
			return err
		}
	}
	return nil
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
			return fmt.Errorf("%s: %w", path, err)
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

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Package e2efixture writes the files the end-to-end suites' HOMEs hold,
// as the programs they stand for write them.
package e2efixture

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/gatewaydb"
)

// WriteJSON writes v to path as JSON, by rename as the gateway does (a
// reader never sees half a file), 0600 in a 0700 dir.
func WriteJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// WriteGatewayDB writes the current gateway's state DB
// (state/openclaw.sqlite, user_version 18) with the shared profile store
// in config_machine_state, as that gateway does.
func WriteGatewayDB(t testing.TB, path string, store any) {
	t.Helper()
	b, err := json.Marshal(store)
	if err != nil {
		t.Fatal(err)
	}
	err = gatewaydb.Write(path, gatewaydb.StateSchema, gatewaydb.StateVersion, [][]any{
		{`INSERT INTO config_machine_state VALUES ('auth.sharedStore', '{"location":"state-db"}', 1)`},
		{"INSERT INTO config_machine_state VALUES ('authProfiles.store', ?, 1)", string(b)},
	})
	if err != nil {
		t.Fatalf("gateway DB: %v", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Env is the environment authtray runs with in the suites that run it as
// a service: nothing of the machine's but PATH, the throw-away home, and
// extra.
func Env(home string, extra ...string) []string {
	return append([]string{
		"HOME=" + home, "PATH=/usr/bin:/bin", "USER=tester", "TZ=UTC",
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
	}, extra...)
}

// WriteClaudeLogin writes Claude Code's credentials in its config dir
// (~/.claude) as Claude Code does: an OAuth login whose access token
// expires at expires and whose refresh token (the login) ends at
// loginEnds.
func WriteClaudeLogin(t testing.TB, dir, access, refresh string, expires, loginEnds time.Time) {
	t.Helper()
	WriteJSON(t, filepath.Join(dir, ".credentials.json"), map[string]any{"claudeAiOauth": map[string]any{
		"accessToken": access, "refreshToken": refresh,
		"expiresAt": expires.UnixMilli(), "refreshTokenExpiresAt": loginEnds.UnixMilli(),
		"scopes": []string{"user:inference", "user:profile"}, "subscriptionType": "max",
	}})
}

// InstallClawdbot puts an older gateway, clawdbot 2026.1.24, in home's
// per-user npm prefix (~/.npm-global) and returns the path of its main
// agent's live store, the JSON file in ~/.clawdbot.
func InstallClawdbot(t testing.TB, home string) (store string) {
	t.Helper()
	WriteJSON(t, filepath.Join(home, ".npm-global", "lib", "node_modules", "clawdbot", "package.json"), map[string]any{"name": "clawdbot", "version": "2026.1.24"})
	return filepath.Join(home, ".clawdbot", "agents", "main", "agent", "auth-profiles.json")
}

// NoLeak fails t if an 8-byte piece of one of secrets (past its kind
// prefix, up to the last '-') is in text, which what names.
func NoLeak(t testing.TB, secrets []string, what, text string) {
	t.Helper()
	for _, s := range secrets {
		start := strings.LastIndex(s, "-") + 1
		for i := start; i+8 <= len(s); i++ {
			if strings.Contains(text, s[i:i+8]) {
				t.Errorf("%s holds %q, a piece of a secret", what, s[i:i+8])
				break
			}
		}
	}
}

// WaitFor polls ok until it holds, and fails t when it does not within
// limit (what says what was awaited).
func WaitFor(t testing.TB, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

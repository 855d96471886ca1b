// Package gatewaydb writes the gateway's SQLite databases (openclaw
// 2026.9.6, dist/sqlite-json-*.mjs) as the gateway leaves them, for the
// fixture HOMEs of the tests, the end-to-end suites and the benchmarks.
package gatewaydb

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // the gateway's databases
)

// The gateway's schemas and user_versions: the state database
// (state/openclaw.sqlite) and an agent's (agents/<id>/agent/openclaw-agent.sqlite).
const (
	StateSchema = `CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT;`
	AgentSchema = `CREATE TABLE auth_profile_store (store_key TEXT NOT NULL PRIMARY KEY, store_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE auth_profile_state (state_key TEXT NOT NULL PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;`
	StateVersion = 18
	AgentVersion = 23
)

// Write creates a WAL database at path (and its dir, 0700) with schema at
// user_version version, then runs stmts, each a statement and its
// arguments.
func Write(path, schema string, version int, stmts [][]any) error {
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

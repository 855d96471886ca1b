// Package e2efixture writes the files the end-to-end suites' HOMEs hold,
// as the programs they stand for write them.
package e2efixture

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite" // the gateway's state DB
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
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range []string{
		"PRAGMA journal_mode=WAL",
		"PRAGMA user_version=18",
		"CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT",
		`INSERT INTO config_machine_state VALUES ('auth.sharedStore', '{"location":"state-db"}', 1)`,
		fmt.Sprintf("INSERT INTO config_machine_state VALUES ('authProfiles.store', '%s', 1)", b),
	} {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("gateway DB: %s: %v", s, err)
		}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
}

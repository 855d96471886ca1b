package gateway

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// now is the injected clock of every test.
var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func ms(d time.Duration) int64 { return now.Add(d).UnixMilli() }

// Fake secrets are built at run time, token-shaped, and numbered so a leak
// can be traced to its fixture.
func fakeToken(n int) string {
	return fmt.Sprintf("sk-ant-oat01-%s%04d", strings.Repeat("FAKE", 12), n)
}
func fakeKey(n int) string { return fmt.Sprintf("sk-ant-api03-%s%04d", strings.Repeat("FAKE", 12), n) }
func fakeRefresh(n int) string {
	return fmt.Sprintf("sk-ant-ort01-%s%04d", strings.Repeat("FAKE", 12), n)
}

// The gateway's schema (openclaw 2026.9.6, dist/sqlite-json-*.mjs).
const (
	stateSchema = `CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT;`
	agentSchema = `CREATE TABLE auth_profile_store (store_key TEXT NOT NULL PRIMARY KEY, store_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE auth_profile_state (state_key TEXT NOT NULL PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;`
)

// home is a throw-away HOME with a gateway install written the way the
// gateway writes it.
type home struct {
	t   testing.TB
	dir string
	env map[string]string
}

func newHome(t testing.TB) *home {
	return &home{t: t, dir: t.TempDir(), env: map[string]string{}}
}

func (h *home) path(rel string) string { return filepath.Join(h.dir, rel) }

func (h *home) write(rel, content string) string {
	h.t.Helper()
	p := h.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return p
}

// db creates a WAL database with schema and user_version, then runs inserts.
func (h *home) db(rel, schema string, version int, stmts ...string) string {
	h.t.Helper()
	p := h.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		h.t.Fatal(err)
	}
	db, err := sql.Open("sqlite", p)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	for _, s := range append([]string{"PRAGMA journal_mode=WAL", schema, fmt.Sprintf("PRAGMA user_version=%d", version)}, stmts...) {
		if _, err := db.Exec(s); err != nil {
			h.t.Fatalf("%s: %v", s, err)
		}
	}
	return p
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// stateDB writes <state>/state/openclaw.sqlite with the shared store in it.
func (h *home) stateDB(state string, rows map[string]string) string {
	h.t.Helper()
	var stmts []string
	for k, v := range rows {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO config_machine_state VALUES (%s, %s, 1)", quote(k), quote(v)))
	}
	return h.db(filepath.Join(state, "state", stateDBName), stateSchema, stateDBVersion, stmts...)
}

// shared writes a state DB whose shared store holds store and state.
func (h *home) shared(store, state string) string {
	rows := map[string]string{keySharedStore: `{"location":"state-db"}`, keyStore: store}
	if state != "" {
		rows[keyState] = state
	}
	return h.stateDB(".openclaw", rows)
}

// agentDB writes an agent's openclaw-agent.sqlite.
func (h *home) agentDB(agentDir, store, state string) string {
	h.t.Helper()
	var stmts []string
	if store != "" {
		stmts = append(stmts, "INSERT INTO auth_profile_store VALUES ('primary', "+quote(store)+", 1)")
	}
	if state != "" {
		stmts = append(stmts, "INSERT INTO auth_profile_state VALUES ('primary', "+quote(state)+", 1)")
	}
	return h.db(filepath.Join(agentDir, agentDBName), agentSchema, agentDBVersion, stmts...)
}

// installCLI installs a gateway package the way `npm install -g` does under
// the prefix ~/npm: lib/node_modules/<name> with its package.json, and
// bin/<name> linked to its entry, with ~/npm/bin put on PATH.
func (h *home) installCLI(name, version string) string {
	h.t.Helper()
	pkg := h.path("npm/lib/node_modules/" + name)
	h.write("npm/lib/node_modules/"+name+"/package.json", `{"name":"`+name+`","version":"`+version+`","bin":{"`+name+`":"entry.mjs"}}`)
	entry := h.write("npm/lib/node_modules/"+name+"/entry.mjs", "#!/usr/bin/env node\n")
	if err := os.Chmod(entry, 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.MkdirAll(h.path("npm/bin"), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.Symlink("../lib/node_modules/"+name+"/entry.mjs", h.path("npm/bin/"+name)); err != nil {
		h.t.Fatal(err)
	}
	h.env["PATH"] = strings.TrimSuffix(h.path("npm/bin")+":"+h.env["PATH"], ":")
	return pkg
}

// config writes ~/.openclaw/openclaw.json.
func (h *home) config(json5 string) string { return h.write(".openclaw/openclaw.json", json5) }

func (h *home) input() Input {
	return Input{Home: h.dir, Getenv: func(k string) string { return h.env[k] }, FS: fsys.OS{}, Now: now, Zone: time.UTC}
}

// read runs Read and judges the rows like the snapshot does.
func (h *home) read(agentID string) profile.Snapshot {
	h.t.Helper()
	in := h.input()
	in.Agent = agentID
	s := profile.Snapshot{Profiles: Read(context.Background(), in)}
	s.Finish(profile.Policy{Now: now, Zone: time.UTC})
	return s
}

// readExit is read, with the exit code `models status --check` would give
// checked against exit; when the test fails, every row is logged.
func (h *home) readExit(agentID string, exit int) profile.Snapshot {
	h.t.Helper()
	s := h.read(agentID)
	if got := profile.ExitCode(s.Status); got != exit {
		h.t.Errorf("exit %d (%s), want %d", got, s.Status, exit)
	}
	h.t.Cleanup(func() {
		if !h.t.Failed() {
			return
		}
		for _, p := range s.Profiles {
			h.t.Logf("row %s agent=%s %s judged=%v usedBy=%v note=%q msg=%q", p.ID, p.Agent, p.State, p.Judged, p.UsedBy, p.Note, p.Message)
		}
	})
	return s
}

// storeJSON builds a store row from id → credential.
func storeJSON(profiles map[string]map[string]any) string {
	b, _ := json.Marshal(map[string]any{"version": 1, "profiles": profiles})
	return string(b)
}

func tokenCred(provider, token string, expires any) map[string]any {
	m := map[string]any{"type": "token", "provider": provider, "token": token}
	if expires != nil {
		m["expires"] = expires
	}
	return m
}

func keyCred(provider, key string) map[string]any {
	return map[string]any{"type": "api_key", "provider": provider, "key": key}
}

func oauthCred(provider, access, refresh string, expires any) map[string]any {
	m := map[string]any{"type": "oauth", "provider": provider, "access": access, "refresh": refresh}
	if expires != nil {
		m["expires"] = expires
	}
	return m
}

// builtRow reads a fresh home that build made, every agent judged: the
// snapshot and its row id (false when it has none).
func builtRow(t testing.TB, build func(*home), id string) (profile.Snapshot, profile.Profile, bool) {
	t.Helper()
	h := newHome(t)
	build(h)
	s := h.read("")
	p, ok := row(s, id)
	return s, p, ok
}

// row finds a row by id (and agent when given).
func row(s profile.Snapshot, id string) (profile.Profile, bool) {
	for _, p := range s.Profiles {
		// Rows that are not profiles carry where they belong after "@".
		if p.ID == id || strings.HasPrefix(p.ID, id+"@") {
			return p, true
		}
	}
	return profile.Profile{}, false
}

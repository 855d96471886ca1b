package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/gatewaydb"
	"github.com/authtray/authtray/internal/otheruser"
)

// gwCase is one gateway install whose store cannot be read (or, for a
// foreign reader, can be read through a consistent copy).
type gwCase struct {
	name string
	// build writes the install under home; it may hold a lock until the
	// test ends.
	build func(t *testing.T, home string)
	// foreign runs the binary as otheruser.UID: the files are another
	// user's.
	foreign bool
	// status is what --json must say: "error" for a store that cannot be
	// read, and where a consistent copy reads it too (read), since the
	// leftover then blocks main (its migration row is the verdict).
	status string
	// read: the store is read; the error row is the migration's.
	read bool
	// reason is in the sentence of the judged error row.
	reason string
}

// TestUnreadableGatewayStoreBinary runs the real binary on generated
// installs whose gateway database is locked, corrupt, truncated or denied
// (the file, its -wal, the state/ dir), as the same user and as another.
// Each must say "can't be read" — exit 1 under --check, a judged error row
// naming the reason — and never show a missing row, a paste-token fix, or
// the leftover auth-profiles.json (valid for a year) the gateway ignores.
func TestUnreadableGatewayStoreBinary(t *testing.T) {
	bin := installSelf(t)
	for _, tt := range gwCases() {
		t.Run(tt.name, func(t *testing.T) {
			if tt.foreign && os.Geteuid() != 0 {
				t.Skip("needs root to run the reader as another user")
			}
			home := otheruser.Dir(t)
			writeInstall(t, home)
			tt.build(t, home)
			start := time.Now()
			code, table := runAs(t, bin, home, tt.foreign, "status", "--check")
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v", took)
			}
			_, js := runAs(t, bin, home, tt.foreign, "status", "--json")
			checkVerdict(t, tt, code, table, js)
		})
	}
}

func checkVerdict(t *testing.T, tt gwCase, code int, table, js string) {
	t.Helper()
	defer func() {
		if t.Failed() {
			t.Logf("table:\n%s", table)
		}
	}()
	if code != 1 {
		t.Errorf("--check exit %d, want 1", code)
	}
	var snap struct {
		Status   string `json:"status"`
		Profiles []struct {
			ID, Source, State, Message, Fix, Location string
			Judged                                    bool
		} `json:"profiles"`
	}
	if err := json.Unmarshal([]byte(js), &snap); err != nil {
		t.Fatalf("--json: %v\n%s", err, js)
	}
	if snap.Status != tt.status {
		t.Errorf("status %q, want %q", snap.Status, tt.status)
	}
	said := false
	for _, p := range snap.Profiles {
		if p.Source == "claude-code" {
			continue
		}
		if p.State == "missing" {
			t.Errorf("missing row %s: %q", p.ID, p.Message)
		}
		if (p.State == "error" || p.State == "missing") && strings.Contains(p.Fix, "token") {
			t.Errorf("row %s suggests a new token: %q", p.ID, p.Fix)
		}
		// (Beside a readable state DB the leftover does block the main
		// agent until it is migrated, as the gateway says: that row is an
		// error, never the leftover's profile.)
		if p.Judged && strings.HasSuffix(p.Location, "auth-profiles.json") && p.State != "error" {
			t.Errorf("the leftover JSON is judged: %s %s", p.ID, p.State)
		}
		if p.Judged && p.State == "error" && (tt.read || strings.Contains(p.Message, "cannot be read: ")) && strings.Contains(p.Message, tt.reason) {
			said = true
		}
	}
	if tt.status == "error" && !said {
		t.Errorf("no judged error row says the store cannot be read: %s", tt.reason)
	}
	if tt.status == "error" && strings.Contains(table, "paste-token") {
		t.Error("the table suggests pasting a token")
	}
}

func gwCases() []gwCase {
	const db = ".openclaw/state/openclaw.sqlite"
	p := func(home string) string { return filepath.Join(home, db) }
	return []gwCase{
		{name: "header smashed", status: "error", reason: "file is not a database",
			build: func(t *testing.T, h string) { overwrite(t, p(h), 0, 100) }},
		{name: "page damaged", status: "error", reason: "database file is corrupt",
			build: func(t *testing.T, h string) { overwrite(t, p(h), 4096, 4096) }},
		{name: "truncated", status: "error", reason: "Gateway database",
			build: func(t *testing.T, h string) { fi, _ := os.Stat(p(h)); os.Truncate(p(h), fi.Size()/3) }},
		{name: "locked with locking_mode=EXCLUSIVE", status: "error", reason: "locked by the gateway; try again",
			build: func(t *testing.T, h string) { lock(t, p(h), false) }},
		{name: "locked by a rollback-journal writer", status: "error", reason: "locked by the gateway; try again",
			build: func(t *testing.T, h string) { lock(t, p(h), true) }},
		{name: "own -wal unreadable", foreign: true, status: "error", reason: "openclaw.sqlite-wal: permission denied",
			build: func(t *testing.T, h string) {
				leaveWAL(t, p(h))
				chownTree(t, filepath.Join(h, ".openclaw"), otheruser.UID)
				os.Chmod(p(h)+"-wal", 0)
			}},
		{name: "another user's DB unreadable", foreign: true, status: "error", reason: "permission denied",
			build: func(t *testing.T, h string) { os.Chmod(p(h), 0o600) }},
		{name: "another user's -wal unreadable", foreign: true, status: "error", reason: "openclaw.sqlite-wal: permission denied",
			build: func(t *testing.T, h string) { leaveWAL(t, p(h)); os.Chmod(p(h)+"-wal", 0o600) }},
		{name: "another user's state dir unreadable", foreign: true, status: "error", reason: "permission denied",
			build: func(t *testing.T, h string) { os.Chmod(filepath.Join(h, ".openclaw/state"), 0o700) }},
		{name: "another user's DB mid-transaction in rollback-journal mode", foreign: true, status: "error", reason: "try again",
			build: func(t *testing.T, h string) { lock(t, p(h), true) }},
		// In WAL mode an exclusive writer leaves committed pages readable:
		// a consistent copy reads them, and the verdict is the one of a
		// readable install: main refused until the leftover is migrated
		// (the gateway says no more of a refused agent).
		{name: "another user's DB locked with locking_mode=EXCLUSIVE", foreign: true, status: "error", read: true, reason: "requires legacy credential migration",
			build: func(t *testing.T, h string) { lock(t, p(h), false) }},
	}
}

// writeInstall writes a current gateway install: config, a state DB whose
// shared store holds a token that expired an hour ago, and a leftover
// auth-profiles.json with a token valid for a year, which the gateway
// ignores beside a state DB.
func writeInstall(t *testing.T, home string) {
	t.Helper()
	oc := filepath.Join(home, ".openclaw")
	agent := filepath.Join(oc, "agents", "main", "agent")
	for _, d := range []string{filepath.Join(oc, "state"), agent} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeText(t, filepath.Join(oc, "openclaw.json"), `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}}`)
	writeText(t, filepath.Join(agent, "auth-profiles.json"), tokenStore("sk-ant-oat01-LEFTOVERaaaaBBBBccccDDDDeeeeFFFF0001", "2027-11-24T10:00:00Z"))
	// Padded over several pages, so a damaged page or a cut holds part of it.
	store := strings.Replace(tokenStore("sk-ant-oat01-EXPIREDaaaaBBBBccccDDDDeeeeFFFF0002", "2026-11-24T09:00:00Z"), `{"version":1,`, `{"version":1,"pad":"`+strings.Repeat("p", 20000)+`",`, 1)
	err := gatewaydb.Write(filepath.Join(oc, "state", "openclaw.sqlite"), gatewaydb.StateSchema, gatewaydb.StateVersion, [][]any{
		{`INSERT INTO config_machine_state VALUES ('auth.sharedStore', '{"location":"state-db"}', 1)`},
		{`INSERT INTO config_machine_state VALUES ('authProfiles.store', ?, 1)`, store},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func tokenStore(token, expires string) string {
	at, _ := time.Parse(time.RFC3339, expires)
	return fmt.Sprintf(`{"version":1,"profiles":{"anthropic:manual":{"type":"token","provider":"anthropic","token":%q,"expires":%d}}}`, token, at.UnixMilli())
}

func openSQL(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

func writeText(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func overwrite(t *testing.T, path string, off int64, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xa5}, n), off); err != nil {
		t.Fatal(err)
	}
}

// lock holds a write lock until the test ends: a transaction in progress in
// rollback-journal mode, or a WAL writer in locking_mode=EXCLUSIVE. The
// journal's transaction is larger than the writer's page cache, so SQLite
// has already written changed pages into the database file (the journal
// then holds the originals): a copy of the file alone is torn.
func lock(t *testing.T, path string, journal bool) {
	t.Helper()
	db := openSQL(t, path)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{"PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE", "UPDATE config_machine_state SET updated_at_ms = 2"}
	if journal {
		stmts = []string{"PRAGMA journal_mode=DELETE", "PRAGMA cache_size=10", "BEGIN EXCLUSIVE",
			"UPDATE config_machine_state SET value_json = '" + strings.Repeat("q", 400000) + "' WHERE state_key = 'authProfiles.store'"}
	}
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%.60s: %v", s, err)
		}
	}
	if j, _ := os.ReadFile(path + "-journal"); journal && !bytes.HasPrefix(j, []byte{0xd9, 0xd5, 0x05, 0xf9}) {
		t.Fatal("the writer has not spilled changes to the database file yet")
	}
	t.Cleanup(func() { conn.ExecContext(ctx, "ROLLBACK"); conn.Close(); db.Close() })
}

// leaveWAL leaves a committed change in the -wal only, as a running
// gateway does between checkpoints.
func leaveWAL(t *testing.T, path string) {
	t.Helper()
	db := openSQL(t, path)
	for _, s := range []string{"PRAGMA wal_autocheckpoint=0", "UPDATE config_machine_state SET updated_at_ms = 3"} {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	// Keep the writer open: closing it would checkpoint and remove the -wal.
	t.Cleanup(func() { db.Close() })
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatal(err)
	}
}

func chownTree(t *testing.T, dir string, uid int) {
	t.Helper()
	filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Lchown(p, uid, uid)
		}
		if err != nil {
			t.Fatal(err)
		}
		return nil
	})
}

// installSelf copies this test binary where another user can run it, named
// authtray: TestMain then runs main (testscript.Main picks the command by
// name).
func installSelf(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(otheruser.Dir(t), "authtray")
	otheruser.Self(t, bin)
	return bin
}

// runAs runs the binary with a clean environment on home, as otheruser.UID when
// foreign, and returns its exit code and output.
func runAs(t *testing.T, bin, home string, foreign bool, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + home, "USER=tester", "TZ=UTC", "AUTHTRAY_NOW=2026-11-24T10:00:00Z",
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_STATE_HOME=" + filepath.Join(home, ".local", "state")}
	if foreign {
		otheruser.As(cmd)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String()
}

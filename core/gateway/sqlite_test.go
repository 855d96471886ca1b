package gateway

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestBusyDatabase holds an exclusive lock in another connection, as a
// gateway mid-write can, and expects the retry path to end in a row that
// says so, not a hang or a panic.
func TestBusyDatabase(t *testing.T) {
	hm := newHome(t)
	hm.config(sonnet)
	path := hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(time.Hour*9000))}), "")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// In WAL mode readers are never blocked by a writer, except by one in
	// exclusive locking mode: that is the lock this test holds.
	for _, s := range []string{"PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE", "UPDATE config_machine_state SET updated_at_ms = 2"} {
		if _, err := conn.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	start := time.Now()
	s := hm.read("")
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("a locked database took %v to give up", took)
	}
	p, ok := row(s, "auth store")
	if !ok || p.State != profile.Error || !strings.Contains(p.Message, "database is locked by the gateway; try again") || !p.Judged {
		t.Fatalf("row = %+v, want a judged error saying the database is locked", p)
	}
	if profile.ExitCode(s.Status) != 1 {
		t.Errorf("exit %d, want 1", profile.ExitCode(s.Status))
	}
	if _, err := conn.ExecContext(context.Background(), "COMMIT"); err != nil {
		t.Fatal(err)
	}
}

func TestBadDatabases(t *testing.T) {
	tests := []struct {
		name   string
		build  func(hm *home)
		id     string
		state  profile.State
		substr string
	}{
		{"corrupt state DB", func(hm *home) {
			hm.write(".openclaw/state/openclaw.sqlite", strings.Repeat("this is not sqlite\n", 300))
		}, "auth store", profile.Error, "file is not a database"},
		{"truncated agent DB", func(hm *home) {
			p := hm.agentDB(".openclaw/agents/main/agent", storeJSON(map[string]map[string]any{"a:b": keyCred("a", fakeKey(1))}), "")
			os.Remove(p + "-wal")
			os.Remove(p + "-shm")
			data, _ := os.ReadFile(p)
			os.WriteFile(p, data[:len(data)/3], 0o600)
		}, "auth store", profile.Error, "Gateway database"},
		{"agent DB is a directory", func(hm *home) {
			os.MkdirAll(hm.path(".openclaw/agents/main/agent/"+agentDBName), 0o700)
		}, "auth store", profile.Error, "agent/" + agentDBName + " cannot be read: is a directory"},
		{"state DB is a FIFO", func(hm *home) {
			os.MkdirAll(hm.path(".openclaw/state"), 0o700)
			syscall.Mkfifo(hm.path(".openclaw/state/"+stateDBName), 0o600)
		}, "auth store", profile.Error, "cannot be read: not a regular file"},
		{"store row not JSON", func(hm *home) {
			hm.stateDB(".openclaw", map[string]string{keySharedStore: `{"location":"state-db"}`, keyStore: `{"version":1,"profiles":{`})
		}, "auth store", profile.Error, "is unreadable; run openclaw doctor --fix (malformed JSON at line 1)"},
		{"store row without profiles", func(hm *home) {
			hm.stateDB(".openclaw", map[string]string{keySharedStore: `{"location":"state-db"}`, keyStore: `{"version":1}`})
		}, "auth store", profile.Error, "has no profiles object"},
		{"agent store row not JSON", func(hm *home) {
			hm.agentDB(".openclaw/agents/main/agent", "garbage", "")
		}, "auth store", profile.Error, "is unreadable"},
		{"newer state DB", func(hm *home) {
			p := hm.stateDB(".openclaw", map[string]string{keySharedStore: `{"location":"state-db"}`, keyStore: storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(time.Hour*9000))})})
			db, _ := sql.Open("sqlite", p)
			db.Exec("PRAGMA user_version=19")
			db.Close()
		}, "database version", profile.Unknown, "The gateway is newer than this authtray knows (database version 19, known 18)"},
		{"newer agent DB", func(hm *home) {
			p := hm.agentDB(".openclaw/agents/main/agent", storeJSON(map[string]map[string]any{"a:b": keyCred("a", fakeKey(1))}), "")
			db, _ := sql.Open("sqlite", p)
			db.Exec("PRAGMA user_version=30")
			db.Close()
		}, "database version", profile.Unknown, "database version 30, known 23"},
		{"unknown type dropped", func(hm *home) {
			hm.shared(`{"version":1,"profiles":{"x:1":{"type":"magic","provider":"x"},"x:2":{"type":"token","token":"t"},"anthropic:ok":{"mode":"apiKey","provider":"anthropic","apiKey":"k"}}}`, "")
		}, "ignored entries", profile.Error, "2 profile entries have an unknown type or no provider"},
		{"legacy JSON truncated", func(hm *home) {
			hm.write(".openclaw/agents/main/agent/auth-profiles.json", `{"version":1,"profiles":{"anthropic:default":{"type":"tok`)
		}, "auth store", profile.Error, "malformed JSON at line 1"},
		{"legacy JSON empty", func(hm *home) {
			hm.write(".openclaw/agents/main/agent/auth-profiles.json", "")
		}, "auth store", profile.Error, "it is empty"},
		{"agent dir is a symlink loop", func(hm *home) {
			os.MkdirAll(hm.path(".moltbot/agents"), 0o700)
			os.Symlink("loop2", hm.path(".moltbot/agents/loop"))
			os.Symlink("loop", hm.path(".moltbot/agents/loop2"))
		}, "agent dir", profile.Error, "agents/loop/agent cannot be read: too many levels of symbolic links"},
		{"legacy JSON is a directory", func(hm *home) {
			os.MkdirAll(hm.path(".openclaw/agents/main/agent/auth-profiles.json"), 0o700)
		}, "auth store", profile.Error, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, p, ok := builtRow(t, tt.build, tt.id)
			if !ok || p.State != tt.state || !strings.Contains(p.Message, tt.substr) {
				for _, p := range s.Profiles {
					t.Logf("row %s %s %q", p.ID, p.State, p.Message)
				}
				t.Fatalf("want row %s %s containing %q", tt.id, tt.state, tt.substr)
			}
		})
	}
}

// TestEmptyStateDB: a 0-byte state database (the gateway creates its tables
// on start) holds nothing yet; the main agent's store is read as the shared
// one and no row blames the empty file with an SQL error.
func TestEmptyStateDB(t *testing.T) {
	hm := newHome(t)
	hm.config(sonnet) // without it the default openai model fails on its runtime
	hm.write(".openclaw/state/"+stateDBName, "")
	hm.agentDB(".openclaw/agents/main/agent", storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(9000*time.Hour))}), "")
	s := hm.read("")
	for _, p := range s.Profiles {
		if strings.Contains(p.Message, "SQL") || p.State == profile.Error {
			t.Errorf("row %s %s %q", p.ID, p.State, p.Message)
		}
	}
	if r, ok := row(s, "anthropic:manual"); !ok || r.State != profile.OK {
		t.Fatalf("main agent's profile = %+v", r)
	}
}

// TestNewerDatabaseStillRead: rows are read from a newer database, and the
// note does not fail the verdict by itself.
func TestNewerDatabaseStillRead(t *testing.T) {
	hm := newHome(t)
	hm.config(sonnet)
	p := hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(9000*time.Hour))}), "")
	db, _ := sql.Open("sqlite", p)
	db.Exec("PRAGMA user_version=19")
	db.Close()
	s := hm.read("")
	if r, ok := row(s, "anthropic:manual"); !ok || r.State != profile.OK || !r.Judged {
		t.Fatalf("profile in a newer DB = %+v", r)
	}
	if profile.ExitCode(s.Status) != 0 {
		t.Errorf("exit %d, want 0", profile.ExitCode(s.Status))
	}
}

// TestReadOnly: reading never changes the gateway's files.
func TestReadOnly(t *testing.T) {
	hm := newHome(t)
	hm.config(sonnet)
	p := hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(9000*time.Hour))}), "")
	before := snapshotFiles(t, hm.dir)
	hm.read("")
	after := snapshotFiles(t, hm.dir)
	for name, b := range before {
		if after[name] != b {
			t.Errorf("%s changed", name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok && !strings.HasPrefix(name, p) {
			t.Errorf("%s created", name)
		}
	}
}

func snapshotFiles(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	var walk func(string)
	walk = func(d string) {
		es, _ := os.ReadDir(d)
		for _, e := range es {
			p := d + "/" + e.Name()
			if e.IsDir() {
				walk(p)
				continue
			}
			// -shm is SQLite's shared-memory index: every reader maps it.
			if strings.HasSuffix(p, "-shm") {
				continue
			}
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
	}
	walk(dir)
	return out
}

// TestForeignDatabaseCreatesNoFiles reads a WAL database owned by another
// uid (authtray under sudo, or a gateway running as a service user) and
// expects no file to appear beside it: a -shm created by root would break
// the gateway. It also checks that rows committed only to the -wal are read.
func TestForeignDatabaseCreatesNoFiles(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to chown the database to another uid")
	}
	const other = 4242
	hm := newHome(t)
	store := storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(time.Hour*9000))})
	path := hm.shared(store, "")
	// A writer that keeps its commit in the -wal, then a copy of db and
	// -wal without the -shm: a gateway that crashed, or one between opens.
	w, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	for _, s := range []string{"PRAGMA wal_autocheckpoint=0", "UPDATE config_machine_state SET updated_at_ms = 77"} {
		if _, err := w.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	crashed := t.TempDir()
	for _, ext := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + ext)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(crashed, stateDBName+ext), b, 0o600)
	}
	w.Close()
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("closing the writer left a -wal; the no-wal case is not tested")
	}
	tests := []struct {
		name, path string
		updated    int64
	}{
		{"no -wal, no -shm", path, 77},
		{"-wal without -shm", filepath.Join(crashed, stateDBName), 77},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Dir(tt.path)
			chownAll(t, dir, other)
			before := listDir(t, dir)
			rows, err := readStateDB(context.Background(), tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if rows.Rows[keyStore] != store || rows.Updated[keyStore] != tt.updated {
				t.Errorf("read %q updated %d, want the store updated %d", rows.Rows[keyStore], rows.Updated[keyStore], tt.updated)
			}
			if after := listDir(t, dir); after != before {
				t.Errorf("files beside the database changed:\n before %s\n after  %s", before, after)
			}
		})
	}
	// The same user's database is opened in place: SQLite may create the
	// -shm, as the gateway itself does; the read must still work.
	chownAll(t, filepath.Dir(path), 0)
	if _, err := readStateDB(context.Background(), path); err != nil {
		t.Fatal(err)
	}
}

func chownAll(t *testing.T, dir string, uid int) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if err := os.Chown(filepath.Join(dir, e.Name()), uid, uid); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chown(dir, uid, uid); err != nil {
		t.Fatal(err)
	}
}

func listDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		fi, _ := e.Info()
		out = append(out, fmt.Sprintf("%s:%d", e.Name(), fi.Size()))
	}
	return strings.Join(out, " ")
}

// TestLegacyUnreadable: an unreadable live auth-profiles.json (no database
// beside it) names its own install's CLI in the fix, suggests looking again
// first, and does not repeat the fix in the sentence.
func TestLegacyUnreadable(t *testing.T) {
	for _, tt := range []struct{ dir, content, cli, why string }{
		{".clawdbot", "", "clawdbot", "it is empty"},
		{".clawdbot", `{"version":1,"profiles":{"a:b":{"type":"tok`, "clawdbot", "malformed JSON at line 1"},
		{".moltbot", "", "moltbot", "it is empty"},
	} {
		t.Run(tt.dir+" "+tt.why, func(t *testing.T) {
			hm := newHome(t)
			hm.write(tt.dir+"/agents/main/agent/auth-profiles.json", tt.content)
			p, ok := row(hm.read(""), "auth store")
			if !ok || p.State != profile.Error || !strings.Contains(p.Message, tt.why) || !strings.Contains(p.Message, "check again") {
				t.Fatalf("row = %+v", p)
			}
			if strings.Contains(p.Message, "doctor") {
				t.Errorf("message repeats the fix: %q", p.Message)
			}
			if want := tt.cli + " doctor --fix"; p.Fix != want {
				t.Errorf("fix = %q, want %q", p.Fix, want)
			}
		})
	}
}

// TestErrorRowIDsDistinct: rows that are not stored profiles name where
// they belong, so scripts keyed on id never see two rows share one.
func TestErrorRowIDsDistinct(t *testing.T) {
	hm := newHome(t)
	hm.write(".openclaw/state/"+stateDBName, strings.Repeat("not sqlite\n", 300))
	hm.write(".openclaw/agents/main/agent/"+agentDBName, strings.Repeat("not sqlite\n", 300))
	hm.write(".openclaw/agents/work/agent/"+agentDBName, strings.Repeat("not sqlite\n", 300))
	hm.write(".moltbot/agents/main/agent/auth-profiles.json", "")
	hm.write(".moltbot/agents/work/agent/auth-profiles.json", "{")
	s := hm.read("")
	seen := map[string]bool{}
	n := 0
	for _, p := range s.Profiles {
		if p.Source != profile.Gateway {
			continue
		}
		if seen[p.ID] {
			t.Errorf("two rows with id %q", p.ID)
		}
		seen[p.ID] = true
		n++
	}
	for _, id := range []string{"auth store@.openclaw", "auth store@.openclaw/main", "auth store@.openclaw/work", "auth store@.moltbot/main", "auth store@.moltbot/work"} {
		if !seen[id] {
			t.Errorf("no row %q in %v", id, seen)
		}
	}
}

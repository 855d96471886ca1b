package gateway

import (
	"context"
	"database/sql"
	"os"
	"strings"
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
		{"legacy JSON is a directory", func(hm *home) {
			os.MkdirAll(hm.path(".openclaw/agents/main/agent/auth-profiles.json"), 0o700)
		}, "auth store", profile.Error, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			tt.build(hm)
			s := hm.read("")
			p, ok := row(s, tt.id)
			if !ok || p.State != tt.state || !strings.Contains(p.Message, tt.substr) {
				for _, p := range s.Profiles {
					t.Logf("row %s %s %q", p.ID, p.State, p.Message)
				}
				t.Fatalf("want row %s %s containing %q", tt.id, tt.state, tt.substr)
			}
		})
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

package gateway

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// deniedFS is the real file system with the directories in denied
// unreadable (mode 000 for a reader that is not root): listing one, or
// looking at anything below it, is permission denied. Tests run as root,
// where chmod denies nothing.
type deniedFS struct {
	fsys.OS
	denied []string
}

func (d deniedFS) check(op, name string, list bool) error {
	for _, dir := range d.denied {
		if strings.HasPrefix(name, dir+"/") || (list && name == dir) {
			return &fs.PathError{Op: op, Path: name, Err: syscall.EACCES}
		}
	}
	return nil
}

func (d deniedFS) ReadFile(name string) ([]byte, error) {
	if err := d.check("open", name, false); err != nil {
		return nil, err
	}
	return d.OS.ReadFile(name)
}

func (d deniedFS) Stat(name string) (fs.FileInfo, error) {
	if err := d.check("stat", name, false); err != nil {
		return nil, err
	}
	return d.OS.Stat(name)
}

func (d deniedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := d.check("open", name, true); err != nil {
		return nil, err
	}
	return d.OS.ReadDir(name)
}

// The fixtures of the unreadable cases: the stores that cannot be read
// hold an expired token, and a leftover auth-profiles.json the gateway
// ignores holds a valid one, so judging the leftover shows as a false ok,
// judging what is left as a false missing.
func expiredStore() string {
	return storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(-time.Hour))})
}

func okStore(n int) string {
	return storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(n), ms(365*24*time.Hour))})
}

const leftover = ".openclaw/agents/main/agent/" + legacyJSON

// smash overwrites n bytes of a (checkpointed) database at off.
func smash(t *testing.T, path string, off int64, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xa5", n)), off); err != nil {
		t.Fatal(err)
	}
}

// hold keeps a write lock on path until the test ends, as a gateway
// mid-write does: in rollback-journal mode (BEGIN EXCLUSIVE) or, in WAL
// mode, with locking_mode=EXCLUSIVE.
func hold(t *testing.T, path string, journal bool) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{"PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE"}
	if journal {
		stmts = []string{"PRAGMA journal_mode=DELETE", "BEGIN EXCLUSIVE"}
	}
	table := "config_machine_state SET updated_at_ms = 2"
	if strings.HasSuffix(path, agentDBName) {
		table = "auth_profile_store SET updated_at = 2"
	}
	for _, s := range append(stmts, "UPDATE "+table) {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	t.Cleanup(func() { conn.ExecContext(ctx, "ROLLBACK"); conn.Close(); db.Close() })
}

// padded is a store big enough to span several pages, so a truncated file
// loses part of it.
func padded(store string) string {
	return strings.Replace(store, `"version":1`, `"version":1,"pad":"`+strings.Repeat("p", 20000)+`"`, 1)
}

type unreadableCase struct {
	name   string
	build  func(t *testing.T, hm *home) // returns with the store unreadable
	denied []string                     // dirs (relative to HOME) unreadable to the reader
	// main is true when the main agent's view is complete and its
	// selection is judged (a second agent's store is the unreadable one).
	main bool
}

func unreadableCases() []unreadableCase {
	const mainDir = ".openclaw/agents/main/agent"
	stateDB := func(hm *home) string { return hm.shared(expiredStore(), "") }
	mainDB := func(hm *home) string { return hm.agentDB(mainDir, padded(expiredStore()), "") }
	return []unreadableCase{
		{name: "state DB header smashed", build: func(t *testing.T, hm *home) { smash(t, stateDB(hm), 0, 100) }},
		{name: "state DB page damaged", build: func(t *testing.T, hm *home) {
			p := hm.stateDB(".openclaw", map[string]string{keySharedStore: `{"location":"state-db"}`, keyStore: padded(expiredStore())})
			smash(t, p, 4096, 4096)
		}},
		{name: "state DB truncated", build: func(t *testing.T, hm *home) {
			p := hm.stateDB(".openclaw", map[string]string{keySharedStore: `{"location":"state-db"}`, keyStore: padded(expiredStore())})
			fi, _ := os.Stat(p)
			os.Truncate(p, fi.Size()/3)
		}},
		{name: "state DB locked with locking_mode=EXCLUSIVE", build: func(t *testing.T, hm *home) { hold(t, stateDB(hm), false) }},
		{name: "state DB locked by a rollback-journal writer", build: func(t *testing.T, hm *home) { hold(t, stateDB(hm), true) }},
		{name: "state DB is a FIFO", build: func(t *testing.T, hm *home) {
			os.MkdirAll(hm.path(".openclaw/state"), 0o700)
			syscall.Mkfifo(hm.path(".openclaw/state/"+stateDBName), 0o600)
		}},
		{name: "state DB is a directory", build: func(t *testing.T, hm *home) {
			os.MkdirAll(hm.path(".openclaw/state/"+stateDBName), 0o700)
		}},
		{name: "state DB is a broken symlink", build: func(t *testing.T, hm *home) {
			os.MkdirAll(hm.path(".openclaw/state"), 0o700)
			os.Symlink("/nonexistent/openclaw.sqlite", hm.path(".openclaw/state/"+stateDBName))
		}},
		{name: "state dir unreadable", build: func(t *testing.T, hm *home) { stateDB(hm) }, denied: []string{".openclaw/state"}},
		{name: "shared store row not JSON", build: func(t *testing.T, hm *home) {
			hm.stateDB(".openclaw", map[string]string{keySharedStore: `{"location":"state-db"}`, keyStore: `{"version":1,"profiles":{`})
		}},
		{name: "main agent DB (the shared store) header smashed", build: func(t *testing.T, hm *home) { smash(t, mainDB(hm), 0, 100) }},
		{name: "main agent DB truncated", build: func(t *testing.T, hm *home) {
			p := mainDB(hm)
			fi, _ := os.Stat(p)
			os.Truncate(p, fi.Size()/3)
		}},
		{name: "main agent DB locked", build: func(t *testing.T, hm *home) { hold(t, mainDB(hm), true) }},
		{name: "main agent store row not JSON", build: func(t *testing.T, hm *home) { hm.agentDB(mainDir, "garbage", "") }},
		{name: "main agent dir unreadable", build: func(t *testing.T, hm *home) { mainDB(hm) }, denied: []string{mainDir}},
		{name: "agents dir unreadable", build: func(t *testing.T, hm *home) { mainDB(hm) }, denied: []string{".openclaw/agents"}},
		{name: "live auth-profiles.json unreadable", build: func(t *testing.T, hm *home) {}, denied: []string{mainDir}},
		{name: "live auth-profiles.json truncated", build: func(t *testing.T, hm *home) {
			hm.write(leftover, `{"version":1,"profiles":{"anthropic:manual":{"type":"tok`)
		}},
		{name: "second agent's DB corrupt", main: true, build: func(t *testing.T, hm *home) {
			hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}, work: {}}}}`)
			hm.shared(okStore(2), "")
			hm.agentDB(mainDir, okStore(3), "")
			smash(t, hm.agentDB(".openclaw/agents/work/agent", expiredStore(), ""), 0, 100)
		}},
	}
}

// TestUnreadableStoreIsNeverMissing: a store that cannot be read is one
// judged error row — grey, exit 1 — and nothing else of the agents that
// need it is judged: no synthetic "no usable credential" row, no
// paste-token fix, no leftover JSON the gateway ignores judged instead.
func TestUnreadableStoreIsNeverMissing(t *testing.T) {
	for _, tt := range unreadableCases() {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			hm.config(sonnet)
			if !strings.Contains(tt.name, "live auth-profiles.json") {
				hm.write(leftover, okStore(9))
			}
			tt.build(t, hm)
			in := hm.input()
			if tt.denied != nil {
				d := deniedFS{}
				for _, rel := range tt.denied {
					d.denied = append(d.denied, hm.path(rel))
				}
				in.FS = d
			}
			start := time.Now()
			s := profile.Snapshot{Profiles: Read(context.Background(), in)}
			s.Finish(profile.Policy{Now: now, Zone: time.UTC})
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			checkUnreadable(t, s, hm.path(leftover), tt.main)
		})
	}
}

// checkUnreadable asserts the verdict of an install with an unreadable
// store.
func checkUnreadable(t *testing.T, s profile.Snapshot, leftoverPath string, mainJudged bool) {
	t.Helper()
	defer func() {
		if t.Failed() {
			for _, p := range s.Profiles {
				t.Logf("row %s %s judged=%v %q fix %q", p.ID, p.State, p.Judged, p.Message, p.Fix)
			}
		}
	}()
	if s.Status != profile.Error || profile.ExitCode(s.Status) != 1 {
		t.Errorf("status %s (exit %d), want error (exit 1)", s.Status, profile.ExitCode(s.Status))
	}
	sentence := false
	for _, p := range s.Profiles {
		if p.Source == profile.ClaudeCode {
			continue
		}
		if p.State == profile.Missing {
			t.Errorf("missing row %s: %q", p.ID, p.Message)
		}
		if (p.State == profile.Error || p.Judged && p.State != profile.OK) && (strings.Contains(p.Fix, "paste-token") || strings.Contains(p.Fix, "setup-token")) {
			t.Errorf("row %s suggests a new token: %q", p.ID, p.Fix)
		}
		if p.Judged && p.Location == leftoverPath && p.State != profile.Error {
			t.Errorf("leftover JSON judged: %s %s", p.ID, p.State)
		}
		if p.Judged && p.State == profile.Error && (strings.Contains(p.Message, "cannot be read") || strings.Contains(p.Message, "unreadable") || strings.Contains(p.Message, "cannot be listed")) {
			sentence = true
			if strings.Contains(p.Message, ". ") {
				t.Errorf("more than one sentence: %q", p.Message)
			}
		}
		if p.Judged && p.State != profile.Error && !mainJudged {
			t.Errorf("row %s judged %s from an incomplete view", p.ID, p.State)
		}
	}
	if !sentence {
		t.Error("no judged row says the store cannot be read")
	}
	if mainJudged {
		judged := false
		for _, p := range s.Profiles {
			judged = judged || p.ID == "anthropic:manual" && p.Judged && p.State == profile.OK && len(p.UsedBy) > 0 && p.UsedBy[0].Agent == "main"
		}
		if !judged {
			t.Error("the main agent's complete view is not judged")
		}
	}
}

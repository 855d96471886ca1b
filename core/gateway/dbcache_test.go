package gateway

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/redact"
)

// A read through the cache must give exactly what a fresh read gives,
// whatever happened to the files since the last one, and must not open a
// database whose files did not change.
func TestDBCache(t *testing.T) {
	type step struct {
		name   string
		change func(h *home, db string)
		opened int // databases the cached read opens
	}
	update := func(token string) func(h *home, db string) {
		return func(h *home, db string) {
			h.t.Helper()
			execDB(h, db, "UPDATE auth_profile_store SET store_json = "+quote(storeJSON(map[string]map[string]any{"anthropic:work": tokenCred("anthropic", token, ms(48*time.Hour))})))
		}
	}
	steps := []step{
		{"first read", func(*home, string) {}, 2},
		{"nothing changed", func(*home, string) {}, 0},
		{"a new token", update(fakeToken(7)), 1},
		{"unchanged again", func(*home, string) {}, 0},
		{"same size, times put back", func(h *home, db string) {
			times := map[string]time.Time{}
			for _, p := range []string{db, db + "-wal", db + "-shm"} {
				if fi, err := os.Stat(p); err == nil {
					times[p] = fi.ModTime()
				}
			}
			update(fakeToken(8))(h, db)
			for p, mt := range times {
				os.Chtimes(p, mt, mt)
			}
		}, 1},
		{"checkpointed", func(h *home, db string) { execDB(h, db, "PRAGMA wal_checkpoint(TRUNCATE)") }, 1},
		{"corrupt", func(h *home, db string) {
			os.Remove(db + "-wal")
			os.Remove(db + "-shm")
			h.write(filepath.Join(".openclaw", "agents", "work", "agent", agentDBName), "not a database, not at all, and long enough to look like one")
		}, 1},
		{"still corrupt: never kept", func(*home, string) {}, 1},
		{"a FIFO", func(h *home, db string) {
			os.Remove(db)
			if err := syscall.Mkfifo(db, 0o600); err != nil {
				h.t.Skip(err)
			}
		}, 1}, // no stamp: read, and refused before SQLite is asked
		{"gone", func(h *home, db string) { os.Remove(db) }, 0},
	}
	h := newHome(t)
	h.config(`{agents: {entries: {main: {}, work: {}}}}`)
	h.shared(storeJSON(map[string]map[string]any{"anthropic:shared": tokenCred("anthropic", fakeToken(1), ms(24*time.Hour))}), "")
	db := h.agentDB(filepath.Join(".openclaw", "agents", "work", "agent"), storeJSON(map[string]map[string]any{"anthropic:work": tokenCred("anthropic", fakeToken(2), ms(48*time.Hour))}), `{"usageStats": {"anthropic:work": {"lastUsed": 1}}}`)
	cache := &DBCache{}
	for _, s := range steps {
		s.change(h, db)
		if n := readCached(h, cache, s.name); n != s.opened {
			t.Errorf("%s: opened %d databases, want %d", s.name, n, s.opened)
		}
	}
}

// readCached reads h through cache and fresh, fails unless both give the
// same rows and secrets, and returns how many databases the cache opened.
func readCached(h *home, cache *DBCache, step string) int {
	h.t.Helper()
	fresh, cached := h.input(), h.input()
	fresh.Secrets, cached.Secrets, cached.DBCache = &redact.Set{}, &redact.Set{}, cache
	want := Read(context.Background(), fresh)
	before := cache.opened
	got := Read(context.Background(), cached)
	if !reflect.DeepEqual(got, want) {
		h.t.Fatalf("%s: read through the cache\n%+v\nwant\n%+v", step, got, want)
	}
	if cached.Secrets.Len() != fresh.Secrets.Len() {
		h.t.Errorf("%s: %d secrets through the cache, want %d", step, cached.Secrets.Len(), fresh.Secrets.Len())
	}
	return cache.opened - before
}

func execDB(h *home, db, stmt string) {
	h.t.Helper()
	d, err := sql.Open("sqlite", db)
	if err != nil {
		h.t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Exec(stmt); err != nil {
		h.t.Fatalf("%s: %v", stmt, err)
	}
}

package gateway

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/redact"
)

// TestFindAgentDB: through the cache, on the OS's own files, an agent's
// database is found by its stamp instead of looked up (findAgentDB).
// Whatever is at its path — a database, nothing, a link to one, a link to
// nothing, a directory, a file where its dir should be, a leftover JSON
// beside nothing — a read through the cache gives exactly what a fresh
// read, which looks it up, gives: with the read-ahead (five agents) and
// without it (two), each step after the one before.
func TestFindAgentDB(t *testing.T) {
	work := filepath.Join(".openclaw", "agents", "work", "agent")
	workDB := filepath.Join(work, agentDBName)
	store := func(n int) string {
		return storeJSON(map[string]map[string]any{"anthropic:work": tokenCred("anthropic", fakeToken(n), ms(48*time.Hour))})
	}
	clear := func(h *home) {
		h.t.Helper()
		if err := os.RemoveAll(h.path(work)); err != nil {
			h.t.Fatal(err)
		}
	}
	link := func(h *home, target string) {
		h.t.Helper()
		clear(h)
		if err := os.MkdirAll(h.path(work), 0o700); err != nil {
			h.t.Fatal(err)
		}
		if err := os.Symlink(target, h.path(workDB)); err != nil {
			h.t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		change func(h *home)
	}{
		{"a database", func(*home) {}},
		{"nothing there", clear},
		{"a database again", func(h *home) { h.agentDB(work, store(3), "") }},
		{"a link to a database", func(h *home) { link(h, h.agentDB("elsewhere", store(4), "")) }},
		{"a link to nothing", func(h *home) { link(h, h.path("nowhere/"+agentDBName)) }},
		{"a directory", func(h *home) {
			clear(h)
			if err := os.MkdirAll(h.path(workDB), 0o700); err != nil {
				h.t.Fatal(err)
			}
		}},
		{"a file where its dir should be", func(h *home) { clear(h); h.write(work, "not a dir") }},
		{"a leftover JSON beside nothing", func(h *home) { clear(h); h.write(filepath.Join(work, legacyJSON), store(5)) }},
		{"a database beside the JSON", func(h *home) { h.agentDB(work, store(6), "") }},
	}
	for _, agents := range []int{2, 5} {
		t.Run(fmt.Sprint(agents, " agents"), func(t *testing.T) {
			h := newHome(t)
			entries := []string{"main: {}", "work: {}"}
			for i := 2; i < agents; i++ {
				id := fmt.Sprintf("a%d", i)
				entries = append(entries, id+": {}")
				h.agentDB(filepath.Join(".openclaw", "agents", id, "agent"), okStore(i), "")
			}
			h.config(`{agents: {entries: {` + strings.Join(entries, ", ") + `}}}`)
			h.shared(okStore(1), "")
			h.agentDB(work, store(2), "")
			cache := &DBCache{}
			for _, s := range steps {
				s.change(h)
				readCached(h, cache, s.name)
			}
		})
	}
}

// TestFindAgentDBLooksUp: through any other FS the database is looked up,
// with or without a cache, so a stat that fails there gives its row even
// though the stamp would find the database.
func TestFindAgentDBLooksUp(t *testing.T) {
	h := newHome(t)
	h.config(`{agents: {entries: {main: {}, work: {}}}}`)
	h.shared(okStore(1), "")
	db := h.agentDB(filepath.Join(".openclaw", "agents", "work", "agent"), okStore(2), "")
	for _, cache := range []*DBCache{nil, {}, {}} {
		in := h.input()
		in.FS, in.DBCache, in.Secrets = statFails{fsys.OS{}, db}, cache, &redact.Set{}
		found := false
		for _, p := range Read(context.Background(), in) {
			found = found || p.Location == db && strings.Contains(p.Message, "cannot be read: permission denied")
		}
		if !found {
			t.Errorf("cache %v: no row says %s cannot be looked at", cache != nil, db)
		}
	}
}

// statFails is an FS whose stat of one path is refused.
type statFails struct {
	fsys.FS
	path string
}

func (f statFails) Stat(name string) (fs.FileInfo, error) {
	if name == f.path {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: syscall.EACCES}
	}
	return f.FS.Stat(name)
}

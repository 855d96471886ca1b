//go:build linux || darwin

package gateway

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
)

// A file is stamped by its stat alone once it has settled at the stamp's
// clock (injected: a file's ctime cannot be set), and by its header bytes
// too before; the two forms never compare equal.
func TestFileStampSettled(t *testing.T) {
	dir := t.TempDir()
	if !localFS(dir) {
		t.Skip("not a local filesystem: every file is read")
	}
	f := filepath.Join(dir, "db")
	head := []byte("SQLite format 3\x00 and the rest of a header")
	must(t, os.WriteFile(f, append(head, make([]byte, 200)...), 0o600))
	old := time.Now().Add(-time.Hour).Add(123)
	must(t, os.Chtimes(f, old, old))
	var st syscall.Stat_t
	must(t, syscall.Stat(f, &st))
	ctime := time.Unix(0, ctimeNs(&st))
	hexHead := hex.EncodeToString(head[:20])

	stamp := func(now time.Time, head int, ctime bool) string {
		t.Helper()
		s, err := fileStamp(f, head, &stampAt{now: now, ctime: ctime})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	settledStamp := stamp(ctime.Add(SettleTime), 20, true)
	racy := stamp(ctime.Add(SettleTime-1), 20, true)
	if !strings.HasPrefix(settledStamp, "s") || strings.Contains(settledStamp, hexHead) {
		t.Errorf("settled: %q, want the stat alone", settledStamp)
	}
	if !strings.HasSuffix(racy, hexHead) || racy == settledStamp {
		t.Errorf("changed %v ago: %q, want the header read", SettleTime-1, racy)
	}
	// Without its change time (a -wal), the modification time an hour ago
	// settles it.
	if s := stamp(ctime, 20, false); !strings.HasPrefix(s, "s") {
		t.Errorf("modified an hour ago, ctime not counted: %q, want the stat alone", s)
	}
	// The -journal (head 0) is ever its stat; the -shm (head < 0) its
	// identity and header, settled or not, or with at.identity its
	// identity alone.
	if s := stamp(ctime, 0, false); !strings.HasPrefix(s, "s") {
		t.Errorf("head 0: %q, want the stat alone", s)
	}
	ident := fmt.Sprintf("%d %d %d %d ", st.Dev, st.Ino, st.Mode, st.Uid)
	if s := stamp(ctime.Add(time.Hour), -20, false); s != ident+hexHead {
		t.Errorf("the -shm: %q, want its identity and header %q", s, ident+hexHead)
	}
	s, err := fileStamp(f, -20, &stampAt{now: ctime.Add(time.Hour), identity: true})
	if err != nil || s != "i"+ident {
		t.Errorf("the -shm of a settled -wal: %q, %v; want its identity %q", s, err, "i"+ident)
	}
}

// The files strongStamp does not stamp by their stat: the database as a
// link (SQLite's -wal is its target's), a link to nothing, what is not a
// regular file; and the -shm, whose header alone counts, settled or not.
func TestStrongStampFiles(t *testing.T) {
	dir := t.TempDir()
	later := time.Now().Add(time.Hour) // every file settled
	db := filepath.Join(dir, "x.sqlite")
	must(t, os.WriteFile(db, make([]byte, 4096), 0o600))
	if _, ok := strongStamp(db, later, nil); !ok {
		t.Fatal("a database: no stamp")
	}
	link := filepath.Join(dir, "link.sqlite")
	must(t, os.Symlink(db, link))
	if s, ok := strongStamp(link, later, nil); ok {
		t.Errorf("a linked database: stamp %q, want none", s)
	}
	must(t, os.Symlink(filepath.Join(dir, "nothing"), db+"-journal"))
	if _, err := fileStamp(db+"-journal", 0, &stampAt{now: later}); !errors.Is(err, fsys.ErrBrokenLink) {
		t.Errorf("a -journal linked to nothing: %v, want a broken link", err)
	}
	if s, ok := strongStamp(db, later, nil); ok {
		t.Errorf("a -journal linked to nothing: stamp %q, want none", s)
	}
	must(t, os.Remove(db+"-journal"))
	must(t, os.Mkdir(db+"-wal", 0o700))
	if s, ok := strongStamp(db, later, nil); ok {
		t.Errorf("a -wal that is a directory: stamp %q, want none", s)
	}
	must(t, os.Remove(db+"-wal"))

	testShmStamp(t, db, later)
}

// The -shm's wal-index header counts while the -wal has not settled; once
// it has (or with no -wal), the -shm's identity does, not its contents:
// the -wal's own stat sees the next commit (shmNeeded).
func testShmStamp(t *testing.T, db string, later time.Time) {
	t.Helper()
	shm := make([]byte, 2*walIndexHeader)
	must(t, os.WriteFile(db+"-shm", shm, 0o600))
	must(t, os.WriteFile(db+"-wal", make([]byte, walHeaderSize), 0o600))
	for _, c := range []struct {
		name       string
		now        time.Time // when the stamp is taken
		headerSeen bool
	}{
		{"a -wal still changing", time.Now(), true},
		{"a settled -wal", later, false},
	} {
		before, ok := strongStamp(db, c.now, nil)
		if !ok {
			t.Fatalf("%s: no stamp", c.name)
		}
		shm[walIndexHeader]++ // a read mark: not a commit
		writeBack(t, db+"-shm", shm)
		if s, _ := strongStamp(db, c.now, nil); s != before {
			t.Errorf("%s: a -shm read mark changed the stamp: %q, was %q", c.name, s, before)
		}
		shm[walIndexHeader-1]++ // the wal-index header: a commit, were the -wal's stat blind
		writeBack(t, db+"-shm", shm)
		if s, _ := strongStamp(db, c.now, nil); (s != before) != c.headerSeen {
			t.Errorf("%s: the -shm header changed: stamp %q, was %q; want a change: %v", c.name, s, before, c.headerSeen)
		}
		before, _ = strongStamp(db, c.now, nil)
		must(t, os.Chmod(db+"-shm", 0o400)) // what SQLite may open: seen either way
		if s, _ := strongStamp(db, c.now, nil); s == before {
			t.Errorf("%s: a -shm made read-only left the stamp %q", c.name, s)
		}
		must(t, os.Chmod(db+"-shm", 0o600))
	}
	must(t, os.Remove(db+"-shm"))
	must(t, os.Mkdir(db+"-shm", 0o700))
	if s, ok := strongStamp(db, later, nil); ok {
		t.Errorf("a -shm that is a directory beside a settled -wal: stamp %q, want none", s)
	}
	must(t, os.Remove(db+"-shm"))
	must(t, os.Remove(db+"-wal"))
}

// writeBack writes data over path and puts its times back.
func writeBack(t *testing.T, path string, data []byte) {
	t.Helper()
	fi, err := os.Stat(path)
	must(t, err)
	must(t, os.WriteFile(path, data, 0o600))
	must(t, os.Chtimes(path, fi.ModTime(), fi.ModTime()))
}

// With every file settled (a clock an hour ahead), the databases are
// stamped by their stat, and a commit is still seen: the -shm's wal-index
// header is read on every stamp.
func TestDBCacheSettled(t *testing.T) {
	h := newHome(t)
	h.config(`{agents: {entries: {main: {}, work: {}}}}`)
	h.shared(storeJSON(map[string]map[string]any{"anthropic:shared": tokenCred("anthropic", fakeToken(1), ms(24*time.Hour))}), "")
	db := h.agentDB(filepath.Join(".openclaw", "agents", "work", "agent"), storeJSON(map[string]map[string]any{"anthropic:work": tokenCred("anthropic", fakeToken(2), ms(48*time.Hour))}), "")
	cache := &DBCache{now: func() time.Time { return time.Now().Add(time.Hour) }}
	for _, s := range []struct {
		name   string
		change func()
		opened int
	}{
		{"first read", func() {}, 2},
		{"nothing changed", func() {}, 0},
		{"a new token", func() {
			execDB(h, db, "UPDATE auth_profile_store SET store_json = "+quote(storeJSON(map[string]map[string]any{"anthropic:work": tokenCred("anthropic", fakeToken(7), ms(48*time.Hour))})))
		}, 1},
		{"unchanged again", func() {}, 0},
		{"checkpointed", func() { execDB(h, db, "PRAGMA wal_checkpoint(TRUNCATE)") }, 1},
	} {
		s.change()
		if n := readCached(h, cache, s.name); n != s.opened {
			t.Errorf("%s: opened %d databases, want %d", s.name, n, s.opened)
		}
		if st := cache.agents[db].stamp; !strings.HasPrefix(st, "s") && localFS(db) {
			t.Errorf("%s: stamp %q, want the database's stat alone", s.name, st)
		}
	}
}

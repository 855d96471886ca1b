package gateway

import (
	"context"
	"errors"
	"sync"
	"time"
)

// DBCache spares a live view re-reading the databases that did not change
// since its last read: after one credential changed, a host with a hundred
// agent databases opens one of them again, not a hundred. Each database's
// rows are kept with a stamp of its files taken before they were read; a
// database whose stamp differs in any way is read again, one that could
// not be read is never kept (it is tried again on every read, so a locked,
// corrupt or unreadable database stays "cannot be read"). Each store row's
// parse is kept with the secrets it held, by the row's exact text, for as
// long as a read still meets it. Each database's part of the read (its
// store's rows and fixes, buildcache.go) is kept by everything it depends
// on, and each agent's merged view by its two stores, so a read after one
// agent's database changed builds that agent's rows alone. The zero value
// is ready; a nil *DBCache reads everything (one-shot commands).
type DBCache struct {
	mu     sync.Mutex
	agents map[string]cachedDB[agentRows]
	states map[string]cachedDB[stateRows]
	// parses are kept by row text; seen are the texts the current read
	// met, and the others are dropped when it ends.
	parses map[parseKey]*parsed
	seen   map[parseKey]bool
	// parts are each database's part of a read (buildcache.go), views the
	// agents' merged views; gen numbers the reads, and what the last read
	// did not meet is dropped when it ends.
	parts  map[partID]*built
	views  map[viewKey]*cachedView
	viewOf map[*store]*cachedView
	sels   map[selKey]*cachedSel
	gen    uint64
	// sizes are the rows of each state dir's last read.
	sizes map[string]int
	// opened counts the databases read, builds and reused the parts built
	// and copied.
	opened, builds, reused int
	// now is the clock stamps are taken by (time.Now when nil; tests set
	// it); fs the filesystems of this read's stamps.
	now func() time.Time
	fs  fsKinds
}

func (c *DBCache) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// Opened is how many databases were read through the cache so far, the
// others being kept (for benchmarks and tests).
func (c *DBCache) Opened() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.opened
}

// parseKey is a row's text and whether it is a state row.
type parseKey struct {
	state bool
	text  string
}

type cachedDB[T any] struct {
	stamp string
	rows  T
}

// parsed is one store or state row parsed, and the secret values it holds.
type parsed struct {
	store   *store
	state   runtimeState
	err     error
	secrets []string
}

// readDB reads the database at path through the cache, with read when its
// stamp changed (or was not taken), and tells what the stamp found there.
// A database found missing is read all the same if readNone (its error
// then is the read's), else it is not read.
func readDB[T any](c *DBCache, m *map[string]cachedDB[T], path string, readNone bool, read func() (T, error)) (rows T, f found, err error) {
	if c == nil {
		rows, err = read()
		return rows, foundUnknown, err
	}
	// The stamp is built in a buffer of this call's own: a read that
	// finds it unchanged, nearly every one on a live host, makes no string.
	var buf [512]byte
	b, ok := appendStrongStamp(buf[:0], path, c.clock(), &c.fs)
	switch {
	case ok:
		f = foundFile
	case string(b) == "-":
		f = foundNone // the database file's own "-": appendStrongStamp stops there
	}
	c.mu.Lock()
	e, hit := (*m)[path]
	if f == foundNone && !readNone {
		delete(*m, path)
		c.mu.Unlock()
		return rows, f, nil
	}
	c.mu.Unlock()
	if ok && hit && e.stamp == string(b) {
		return e.rows, f, nil
	}
	stamp := string(b)
	rows, err = read()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.opened++
	if *m == nil {
		*m = map[string]cachedDB[T]{}
	}
	if err != nil || !ok {
		delete(*m, path)
	} else {
		// The stamp was taken before the read: a change during it makes
		// the next stamp differ, never the rows older than the stamp.
		(*m)[path] = cachedDB[T]{stamp, rows}
	}
	return rows, f, err
}

// found is what a database's stamp found at its path (readDB): what
// fsys.Lookup would tell of it, or nothing when no stamp was taken.
type found uint8

const (
	// foundUnknown: no stamp (no cache, a link, a file that is not
	// regular or not on a local filesystem, an error).
	foundUnknown found = iota
	foundFile          // a regular file, no link: Lookup finds it
	foundNone          // nothing at all: Lookup finds nothing
)

// agentDB is the agent database at path through the cache, read even when
// it is missing (readDB).
func (c *DBCache) agentDB(ctx context.Context, path string) (agentRows, found, error) {
	return c.agentDBAt(ctx, path, true)
}

// agentDBAt is agentDB, a missing database read only if readNone.
func (c *DBCache) agentDBAt(ctx context.Context, path string, readNone bool) (agentRows, found, error) {
	if c == nil {
		rows, err := readAgentDB(ctx, path)
		return rows, foundUnknown, err
	}
	return readDB(c, &c.agents, path, readNone, func() (agentRows, error) { return readAgentDB(ctx, path) })
}

func (c *DBCache) stateDB(ctx context.Context, path string) (stateRows, error) {
	if c == nil {
		return readStateDB(ctx, path)
	}
	rows, _, err := readDB(c, &c.states, path, true, func() (stateRows, error) { return readStateDB(ctx, path) })
	return rows, err
}

// parseStore is parseStore through the cache. The store is a copy (the
// reader sets where each credential was read, and overrides its state);
// the secrets it holds are added to secrets again.
func (c *DBCache) parseStore(text string, secrets adder) (*store, error) {
	if c == nil {
		return parseStore([]byte(text), secrets)
	}
	p := c.parse(parseKey{false, text}, func() *parsed {
		rec := &recordSet{}
		s, err := parseStore([]byte(text), rec)
		return &parsed{store: s, err: err, secrets: rec.values}
	})
	for _, v := range p.secrets {
		secrets.Add(v)
	}
	if p.err != nil {
		return nil, p.err
	}
	return p.store.clone(), nil
}

// parseState is parseState through the cache.
func (c *DBCache) parseState(text string) (runtimeState, error) {
	if c == nil {
		return parseState([]byte(text))
	}
	p := c.parse(parseKey{true, text}, func() *parsed {
		st, err := parseState([]byte(text))
		return &parsed{state: st, err: err}
	})
	return p.state, p.err
}

func (c *DBCache) parse(key parseKey, parse func() *parsed) *parsed {
	c.mu.Lock()
	p, ok := c.parses[key]
	c.mu.Unlock()
	if !ok {
		p = parse()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parses == nil {
		c.parses, c.seen = map[parseKey]*parsed{}, map[parseKey]bool{}
	}
	c.parses[key], c.seen[key] = p, true
	return p
}

// done ends one read: the parses it did not meet are dropped.
func (c *DBCache) done() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.parses {
		if !c.seen[k] {
			delete(c.parses, k)
		}
	}
	clear(c.seen)
	c.fs.forget()
	for k, b := range c.parts {
		if b.gen != c.gen {
			delete(c.parts, k)
		}
	}
	for k, v := range c.views {
		if v.gen != c.gen {
			delete(c.views, k)
			delete(c.viewOf, v.view)
		}
	}
	for k, e := range c.sels {
		if e.gen != c.gen {
			delete(c.sels, k)
		}
	}
	c.gen++
}

// recordSet notes the secret values a parse meets.
type recordSet struct{ values []string }

func (r *recordSet) Add(v string) {
	if v != "" {
		r.values = append(r.values, v)
	}
}

// clone copies a store deeply enough for one read to change: its
// credentials and its map of them. The state's maps are only ever
// replaced, never changed, so they are shared.
func (s *store) clone() *store {
	out := &store{IDs: s.IDs, Dropped: s.Dropped, State: s.State, Profiles: make(map[string]*credential, len(s.Profiles))}
	for id, c := range s.Profiles {
		cp := *c
		out.Profiles[id] = &cp
	}
	return out
}

// strongStamp is what must not change for a database's rows to be the
// same: for the database file, its -wal and -journal, device, inode, size,
// modification time (ns), mode and owner (and the database file's change
// time); unless the file has settled (SettleTime, settle.go), the headers
// SQLite changes on every commit: the database header (its change
// counter, page count, schema cookie) and the -wal header (its salts
// change when the log restarts; its size is the frame count); and, while
// the -wal has not settled (shmNeeded), the -shm's wal-index header (its
// change counter and last valid frame).
// Of the -shm only that header counts: every reader, authtray too, writes
// the rest of it (its read marks), which changes its modification time
// without any commit. The -wal's and -journal's change times do not count
// either: SQLite run as root chowns them to the database's owner each time
// it opens them (robustFchown), so each of authtray's own reads would
// change them; their writes set their modification time all the same.
// now is read before any file is looked at (settled's rule); fs is what
// this read knows of the filesystems (nil: nothing). ok is false when the
// stamp cannot be taken or is not strong here (no inode), and when the
// database is itself a link: SQLite names its -wal, -shm and -journal
// after the link's target, not path.
func strongStamp(path string, now time.Time, fs *fsKinds) (string, bool) {
	b, ok := appendStrongStamp(nil, path, now, fs)
	if !ok {
		return "", false
	}
	return string(b), true
}

// appendStrongStamp appends strongStamp's stamp to b (when not ok, b is
// of no use).
func appendStrongStamp(b []byte, path string, now time.Time, fs *fsKinds) ([]byte, bool) {
	at := &stampAt{now: now, fs: fs}
	walSettled := false
	for _, f := range []struct {
		suffix string
		head   int
		db     bool
	}{{"", 100, true}, {"-wal", walHeaderSize, false}, {"-shm", -walIndexHeader, false}, {"-journal", 0, false}} {
		at.noLink, at.ctime = f.db, f.db
		at.identity = f.suffix == "-shm" && walSettled
		start := len(b)
		var err error
		b, err = appendFileStamp(b, path+f.suffix, f.head, at)
		if err != nil {
			return b, false
		}
		if f.db && string(b[start:]) == "-" {
			return b, false // no database: nothing to keep
		}
		if f.suffix == "-wal" {
			walSettled = !shmNeeded(b[start:])
		}
		b = append(b, '|')
	}
	return b, true
}

// shmNeeded reports whether a database whose -wal was stamped wal needs
// its -shm's wal-index header read too. Every commit in WAL mode writes
// frames to the -wal with write() (SQLite never maps it for writing), a
// log restarted after a checkpoint included, so a -wal that has settled
// (stamped by its stat: "s…") changes its stamp on the next commit as
// surely as the database file does; and with no -wal ("-") there is no
// log, so nothing the -shm indexes. Only a -wal stamped while it was
// changing, by its header, can take a commit that leaves its size, times
// and header as they were (frames rewritten in place within one clock
// step): the -shm's change counter then shows it. Otherwise the -shm is
// stamped by its identity alone (stampAt.identity: one lstat, not an
// open, fstat, read and close), so that a -shm replaced, or made
// something SQLite can't use, is still seen.
func shmNeeded(wal []byte) bool {
	return len(wal) > 0 && wal[0] != 's' && wal[0] != '-'
}

// stampAt is what one database's stamps are taken with: the clock read
// before the first, the filesystems known to be local or not, and, for
// the file being stamped, whether a link is refused and its change time
// counts (the database file itself), and whether its identity is enough.
type stampAt struct {
	now           time.Time
	fs            *fsKinds
	noLink, ctime bool
	identity      bool // the -shm of a settled -wal: its identity, not its header (shmNeeded)
}

// fsKinds is whether each filesystem (by device) is local, kept for one
// read (done forgets them): a host's databases are mostly on one, and a
// device number names one mounted filesystem while it stays mounted.
type fsKinds struct {
	mu    sync.Mutex
	local map[uint64]bool
}

func (k *fsKinds) forget() {
	k.mu.Lock()
	defer k.mu.Unlock()
	clear(k.local)
}

// errLinked: a database that is a symbolic link is not stamped.
var errLinked = errors.New("a symbolic link")

// walIndexHeader is the first copy of the -shm's wal-index header.
const walIndexHeader = 48

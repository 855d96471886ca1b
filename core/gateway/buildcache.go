package gateway

import (
	"math"
	"slices"
	"strings"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// A database's part of an install's read — the rows its store makes (with
// their fix commands), the store itself, and whether it holds profiles or
// cannot be read — is a function of the database's rows and of a few facts
// of the install, nothing else: not the time, the environment or the other
// agents (those are applied after, to every row, on every read). DBCache
// keeps that part, by exactly those inputs (builtKey), so that a read after
// one agent's database changed builds that agent's rows again and copies
// the other agents' rows.

// builtKey is everything one database's part depends on: which database
// (the rows name it, and its agent), the state dir (rows name it too),
// the install's fix commands (the CLI, the variables pointing it at this
// install, the agent owning the shared store: each row's fix, and the
// doctor --fix of an unreadable store), and the database's rows as read.
type builtKey struct {
	path, agent, dir, fix string
	version               int
	text                  [3]string
	has                   [3]bool
}

// partID is which part a builtKey is of: the cache keeps one part for each
// (a part is kept only from one read to the next, and a read builds each
// once), found by it and then compared whole with its key. Hashing the
// whole key, its store rows' texts included, cost more than copying the
// part; comparing it with the kept one is quick when the texts are the
// cached database rows' own strings.
type partID struct{ path, agent, dir string }

func (k builtKey) id() partID { return partID{k.path, k.agent, k.dir} }

// built is one database's part of a read.
type built struct {
	key  builtKey
	rows []profile.Profile
	// at is where the rows of store's credentials begin in rows (-1: no
	// store, or none adopted), refs those describeRefs looks at.
	at   int
	refs []*credential
	dbOutcome
	// secrets are the secret values its store holds, last added to into:
	// a redact.Set only grows, so adding them to it again changes nothing.
	secrets []string
	into    *redact.Set
	gen     uint64
}

// dbOutcome is what reading one database's store gives the install: the
// store (nil when there is none to use), whether it holds profiles, and
// where it cannot be read ("" when it could).
type dbOutcome struct {
	store      *store
	profiles   bool
	unreadable string
}

// fixKey is what of an install's fix commands a row depends on.
func (g gatewayFix) key() string {
	return g.cli + "\x00" + strings.Join(g.env, "\x00") + "\x00\x00" + g.sharedOwner
}

// buildDB runs build, which adds the rows of one database's store to ins,
// or copies the rows it added last time the key was the same. A build
// that adds its secrets to secrets is given a recorder in front of
// ins.secrets, so a copied part adds the same secrets again.
func (ins *install) buildDB(key builtKey, build func(secrets adder) dbOutcome) dbOutcome {
	c := ins.cache
	if c == nil {
		return build(ins.secrets)
	}
	if b, ok := c.builtPart(key); ok {
		base := len(ins.rows)
		ins.rows = append(ins.rows, b.rows...)
		if b.at >= 0 {
			ins.credRows(b.store, base+b.at, b.refs)
		}
		if c.addSecrets(b, ins.secrets) {
			for _, v := range b.secrets {
				ins.secrets.Add(v)
			}
		}
		return b.dbOutcome
	}
	start := len(ins.rows)
	rec := &recordSet{}
	o := build(teeAdder{ins.secrets, rec})
	b := &built{rows: slices.Clone(ins.rows[start:]), at: -1, dbOutcome: o, secrets: rec.values, into: ins.secrets}
	if at, ok := ins.base[o.store]; ok && o.store != nil && at >= start {
		b.at, b.refs = at-start, refCreds(o.store)
	}
	c.keepPart(key, b)
	return o
}

// teeAdder adds each value to both.
type teeAdder [2]adder

func (t teeAdder) Add(v string) {
	t[0].Add(v)
	t[1].Add(v)
}

func (c *DBCache) builtPart(key builtKey) (*built, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.parts[key.id()]
	if ok = ok && b.key == key; ok {
		b.gen = c.gen
		c.reused++
	}
	return b, ok
}

// addSecrets reports whether b's secrets must be added to set (they were
// last added to another), and notes that they are.
func (c *DBCache) addSecrets(b *built, set *redact.Set) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b.into == set {
		return false
	}
	b.into = set
	return true
}

func (c *DBCache) keepPart(key builtKey, b *built) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parts == nil {
		c.parts = map[partID]*built{}
	}
	b.key, b.gen = key, c.gen
	c.parts[key.id()] = b
	c.builds++
}

// Builds is how many database parts were built, and Reused how many were
// copied, through the cache so far (for benchmarks and tests).
func (c *DBCache) Builds() (built, reused int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.builds, c.reused
}

// viewKey is an agent's view: the shared store laid under its own. Both
// are stores the cache keeps (a part's), never changed once built, so the
// pair of pointers is the view's content.
type viewKey struct{ shared, own *store }

// cachedView is an agent's merged view, and the latest time any of its
// profiles is unusable until (unusableHorizon).
type cachedView struct {
	view    *store
	horizon float64
	gen     uint64
}

// merged is merge(shared, own) through the cache.
func (c *DBCache) merged(shared, own *store) *store {
	if c == nil {
		return merge(shared, own)
	}
	k := viewKey{shared, own}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.views[k]; ok {
		v.gen = c.gen
		return v.view
	}
	v := merge(shared, own)
	if c.views == nil {
		c.views, c.viewOf = map[viewKey]*cachedView{}, map[*store]*cachedView{}
	}
	cv := &cachedView{view: v, horizon: unusableHorizon(v), gen: c.gen}
	c.views[k], c.viewOf[v] = cv, cv
	return v
}

// horizon is unusableHorizon(s), kept for a view the cache merged. Without
// a cache it is +Inf: finding it costs what it spares, and a fresh read
// then checks every profile (a test compares the two reads).
func (c *DBCache) horizon(s *store) float64 {
	if c == nil {
		return math.Inf(1)
	}
	c.mu.Lock()
	v, ok := c.viewOf[s]
	c.mu.Unlock()
	if ok {
		return v.horizon
	}
	return unusableHorizon(s)
}

// unusableHorizon is the latest time (ms) until which the gateway's state
// makes any profile of s unusable, 0 for none: once the clock has reached
// it, no profile of s is disabled or cooling down (profileUnusableUntil
// without a model is the latest of each profile's times).
func unusableHorizon(s *store) float64 {
	var h float64
	for _, u := range s.State.Usage {
		h = max(h, profileUnusableUntil(u, ""))
	}
	return h
}

// sizeOf is how many rows the last read of the state dir dir had: the
// next read makes room for as many at once rather than growing a hundred
// times.
func (c *DBCache) sizeOf(dir string) (rows int) {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sizes[dir]
}

func (c *DBCache) sized(dir string, rows int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sizes == nil {
		c.sizes = map[string]int{}
	}
	c.sizes[dir] = rows
}

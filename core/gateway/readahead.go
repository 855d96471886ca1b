package gateway

import (
	"context"
	"path/filepath"
	"runtime"
	"sync/atomic"
)

// readAhead reads the agent databases of an install on other goroutines,
// in the order their rows are built, while the caller builds the rows of
// those already read: on a host with a hundred agents SQLite's reads and
// the parsing of their stores then share the machine's cores instead of
// taking turns. Each read is the one readAgent would make (through the
// cache, within its deadline); only its moment changes, and which
// goroutine makes it. A caller that would wait for a read under way makes
// the last reads no goroutine has taken up yet meanwhile: on two cores,
// with one goroutine reading ahead, it would otherwise sleep and wake for
// every database, and sit idle while that one reads a database that
// changed (SQLite's read takes as long as forty stamps).
type readAhead struct {
	results map[string]*aheadRead
	// jobs are the reads in order; back is how many of them, from the
	// front, the caller has not yet tried to take up while it waited.
	jobs []aheadRead
	back int
}

// aheadRead is one read to make ahead: made by whichever goroutine claims
// it first, its result sent on out (never blocking: a result nobody takes
// is dropped).
type aheadRead struct {
	path    string
	claimed atomic.Bool
	out     chan dbRead
}

type dbRead struct {
	rows  agentRows
	found found // what its stamp found (readDB)
	err   error
}

// readAheadMin is the fewest agents worth it: a typical install has one,
// and its single read gains nothing from a hand-off.
const readAheadMin = 4

// startReadAhead starts the reads of the agents' databases on up to
// GOMAXPROCS-1 goroutines (none on one core), in the agents' order.
func startReadAhead(ctx context.Context, c *DBCache, agents []*agent) *readAhead {
	workers := min(runtime.GOMAXPROCS(0)-1, 4)
	if len(agents) < readAheadMin || workers < 1 {
		return &readAhead{}
	}
	ra := &readAhead{results: make(map[string]*aheadRead, len(agents)), jobs: make([]aheadRead, len(agents))}
	n := 0
	for _, a := range agents {
		path := filepath.Join(a.Dir, agentDBName)
		if _, dup := ra.results[path]; dup {
			continue
		}
		j := &ra.jobs[n]
		j.path, j.out = path, make(chan dbRead, 1)
		ra.results[path] = j
		n++
	}
	ra.jobs = ra.jobs[:n]
	ra.back = n
	jobs := ra.jobs // the workers' own copy of the slice header
	var next atomic.Int64
	for range workers {
		go func() {
			for i := next.Add(1) - 1; i < int64(len(jobs)); i = next.Add(1) - 1 {
				jobs[i].make(ctx, c)
			}
		}()
	}
	return ra
}

// make reads j's database and sends the result, unless another goroutine
// claimed it first; it reports whether it did.
func (j *aheadRead) make(ctx context.Context, c *DBCache) bool {
	if !j.claimed.CompareAndSwap(false, true) {
		return false
	}
	rows, f, err := c.agentDB(ctx, j.path)
	j.out <- dbRead{rows, f, err}
	return true
}

// agentDB is the database at path as read ahead, or, when it was not (or
// was taken already, or no other goroutine has come to it yet), read now.
// Only the caller calls it (it is not safe for concurrent use); a nil ra
// reads now.
func (ra *readAhead) agentDB(ctx context.Context, c *DBCache, path string) (agentRows, error) {
	rows, _, err := ra.take(ctx, c, path, true)
	return rows, err
}

// find is agentDB, and what the database's stamp found (readDB); a read
// made now does not read a database its stamp finds missing.
func (ra *readAhead) find(ctx context.Context, c *DBCache, path string) (agentRows, found, error) {
	return ra.take(ctx, c, path, false)
}

func (ra *readAhead) take(ctx context.Context, c *DBCache, path string, readNone bool) (agentRows, found, error) {
	var j *aheadRead
	if ra != nil {
		j = ra.results[path]
	}
	if j == nil {
		return c.agentDBAt(ctx, path, readNone)
	}
	delete(ra.results, path)
	if j.claimed.CompareAndSwap(false, true) {
		return c.agentDBAt(ctx, path, readNone)
	}
	for {
		select {
		case r := <-j.out:
			return r.rows, r.found, r.err
		default:
		}
		if !ra.helpBack(ctx, c) {
			r := <-j.out
			return r.rows, r.found, r.err
		}
	}
}

// helpBack makes the last read nobody has taken up yet; false when there
// is none left.
func (ra *readAhead) helpBack(ctx context.Context, c *DBCache) bool {
	for ra.back > 0 {
		ra.back--
		if ra.jobs[ra.back].make(ctx, c) {
			return true
		}
	}
	return false
}

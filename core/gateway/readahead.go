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
// goroutine makes it: one the caller comes to before any other goroutine
// took it up, the caller makes itself (so that on two cores, with one
// goroutine reading ahead, the caller does not wait for reads it could
// make while that one is busy with the next).
type readAhead struct {
	results map[string]*aheadRead
}

// aheadRead is one read to make ahead: taken by whichever goroutine claims
// it first, its result sent on out when another one did.
type aheadRead struct {
	path    string
	claimed atomic.Bool
	out     chan dbRead
}

type dbRead struct {
	rows agentRows
	err  error
}

// readAheadMin is the fewest agents worth it: a typical install has one,
// and its single read gains nothing from a hand-off.
const readAheadMin = 4

// startReadAhead starts the reads of the agents' databases on up to
// GOMAXPROCS-1 goroutines (none on one core), in the agents' order.
func startReadAhead(ctx context.Context, c *DBCache, agents []*agent) readAhead {
	workers := min(runtime.GOMAXPROCS(0)-1, 4)
	if len(agents) < readAheadMin || workers < 1 {
		return readAhead{}
	}
	ra := readAhead{results: make(map[string]*aheadRead, len(agents))}
	next := make(chan *aheadRead, len(agents))
	for _, a := range agents {
		path := filepath.Join(a.Dir, agentDBName)
		if _, dup := ra.results[path]; dup {
			continue
		}
		// out never blocks: a result nobody takes is dropped.
		j := &aheadRead{path: path, out: make(chan dbRead, 1)}
		ra.results[path] = j
		next <- j
	}
	close(next)
	for range workers {
		go func() {
			for j := range next {
				if j.claimed.CompareAndSwap(false, true) {
					rows, err := c.agentDB(ctx, j.path)
					j.out <- dbRead{rows, err}
				}
			}
		}()
	}
	return ra
}

// agentDB is the database at path as read ahead, or, when it was not (or
// was taken already, or no other goroutine has come to it yet), read now.
func (ra readAhead) agentDB(ctx context.Context, c *DBCache, path string) (agentRows, error) {
	j, ok := ra.results[path]
	if !ok {
		return c.agentDB(ctx, path)
	}
	delete(ra.results, path)
	if j.claimed.CompareAndSwap(false, true) {
		return c.agentDB(ctx, path)
	}
	r := <-j.out
	return r.rows, r.err
}

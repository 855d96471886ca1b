package gateway

import (
	"context"
	"path/filepath"
	"runtime"
)

// readAhead reads the agent databases of an install on other goroutines,
// in the order their rows are built, while the caller builds the rows of
// those already read: on a host with a hundred agents SQLite's reads and
// the parsing of their stores then share the machine's cores instead of
// taking turns. Each read is the one readAgent would make (through the
// cache, within its deadline); only its moment changes.
type readAhead struct {
	results map[string]chan dbRead
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
	type job struct {
		path string
		out  chan dbRead
	}
	ra := readAhead{results: make(map[string]chan dbRead, len(agents))}
	jobs := make([]job, 0, len(agents))
	for _, a := range agents {
		path := filepath.Join(a.Dir, agentDBName)
		if _, dup := ra.results[path]; dup {
			continue
		}
		ch := make(chan dbRead, 1) // never blocks: a result nobody takes is dropped
		ra.results[path] = ch
		jobs = append(jobs, job{path, ch})
	}
	next := make(chan job, len(jobs))
	for _, j := range jobs {
		next <- j
	}
	close(next)
	for range workers {
		go func() {
			for j := range next {
				rows, err := c.agentDB(ctx, j.path)
				j.out <- dbRead{rows, err}
			}
		}()
	}
	return ra
}

// agentDB is the database at path as read ahead, or, when it was not (or
// was taken already), read now.
func (ra readAhead) agentDB(ctx context.Context, c *DBCache, path string) (agentRows, error) {
	if ch, ok := ra.results[path]; ok {
		delete(ra.results, path)
		r := <-ch
		return r.rows, r.err
	}
	return c.agentDB(ctx, path)
}

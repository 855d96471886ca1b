package gateway

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

// TestReadAhead: each agent's database read ahead is what reading it then
// gives (a readable one, an empty file, a missing one, a directory), a
// second agent on the same dir is read once ahead and again when it is
// taken, and a path never asked for is read when it is taken.
func TestReadAhead(t *testing.T) {
	h := newHome(t)
	var agents []*agent
	for i := range 6 {
		rel := fmt.Sprintf(".openclaw/agents/a%d/agent", i)
		dir := h.path(rel)
		agents = append(agents, &agent{ID: fmt.Sprintf("a%d", i), Dir: dir})
		switch i {
		case 0, 1, 2:
			h.agentDB(rel, okStore(i+1), "")
		case 3:
			h.write(filepath.Join(rel, agentDBName), "")
		case 4:
			if err := os.MkdirAll(filepath.Join(dir, agentDBName), 0o700); err != nil {
				t.Fatal(err)
			}
		} // a5 has none
	}
	agents = append(agents, &agent{ID: "again", Dir: agents[0].Dir})
	other := h.agentDB(".openclaw/agents/other/agent", okStore(2), "")
	readable := map[string]bool{"a0": true, "a1": true, "a2": true, "again": true, "": true} // "": other
	ctx := context.Background()
	for _, c := range []*DBCache{nil, {}} {
		ra := startReadAhead(ctx, c, agents)
		if ra.results == nil && runtime.GOMAXPROCS(0) > 1 {
			t.Fatal("nothing was read ahead")
		}
		for _, a := range append(agents, &agent{Dir: filepath.Dir(other)}) {
			path := filepath.Join(a.Dir, agentDBName)
			gotRows, gotErr := ra.agentDB(ctx, c, path)
			wantRows, wantErr := readAgentDB(ctx, path)
			if !reflect.DeepEqual(gotRows, wantRows) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("cache %v, %s: read ahead %+v, %v; read now %+v, %v", c != nil, a.ID, gotRows, gotErr, wantRows, wantErr)
			}
			// The readable databases must really be read: equal and empty
			// would hold for two reads of nothing.
			if readable[a.ID] && (gotErr != nil || !gotRows.HasStore) {
				t.Errorf("cache %v, %s: read ahead %+v, %v; want its store", c != nil, a.ID, gotRows, gotErr)
			}
		}
		if len(ra.results) != 0 {
			t.Errorf("cache %v: %d reads never taken", c != nil, len(ra.results))
		}
	}
}

// TestReadAheadShared: with many databases the caller makes some of the
// reads itself while it waits (from the back), the reader the others;
// every one is what reading it then gives, each is made once, and none is
// left untaken.
func TestReadAheadShared(t *testing.T) {
	h := newHome(t)
	var agents []*agent
	for i := range 40 {
		rel := fmt.Sprintf(".openclaw/agents/a%02d/agent", i)
		agents = append(agents, &agent{ID: fmt.Sprintf("a%02d", i), Dir: h.path(rel)})
		h.agentDB(rel, okStore(i%3+1), "")
	}
	ctx := context.Background()
	for round := range 3 {
		c := &DBCache{}
		ra := startReadAhead(ctx, c, agents)
		for _, a := range agents {
			path := filepath.Join(a.Dir, agentDBName)
			gotRows, gotErr := ra.agentDB(ctx, c, path)
			wantRows, wantErr := readAgentDB(ctx, path)
			if !reflect.DeepEqual(gotRows, wantRows) || gotErr != nil || wantErr != nil {
				t.Errorf("round %d, %s: read ahead %+v, %v; read now %+v, %v", round, a.ID, gotRows, gotErr, wantRows, wantErr)
			}
		}
		if n := c.Opened(); n != len(agents) {
			t.Errorf("round %d: %d databases read, want each of %d once", round, n, len(agents))
		}
		if len(ra.results) != 0 {
			t.Errorf("round %d: %d reads never taken", round, len(ra.results))
		}
	}
}

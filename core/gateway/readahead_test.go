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
		dir := h.path(fmt.Sprintf(".openclaw/agents/a%d/agent", i))
		agents = append(agents, &agent{ID: fmt.Sprintf("a%d", i), Dir: dir})
		switch i {
		case 0, 1, 2:
			h.agentDB(dir, okStore(i+1), "")
		case 3:
			h.write(filepath.Join(".openclaw/agents/a3/agent", agentDBName), "")
		case 4:
			if err := os.MkdirAll(filepath.Join(dir, agentDBName), 0o700); err != nil {
				t.Fatal(err)
			}
		} // a5 has none
	}
	agents = append(agents, &agent{ID: "again", Dir: agents[0].Dir})
	other := h.agentDB(h.path(".openclaw/agents/other/agent"), okStore(2), "")
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
		}
		if len(ra.results) != 0 {
			t.Errorf("cache %v: %d reads never taken", c != nil, len(ra.results))
		}
	}
}

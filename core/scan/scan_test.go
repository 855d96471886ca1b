package scan

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// A live view reads Claude Code once and judges its rows again as time
// passes; the gateway it reads again at each time. Both must give exactly
// what a fresh Scan at that time gives, however often the cached rows are
// judged.
func TestJudgeCachedRowsEqualsFreshScan(t *testing.T) {
	dir := t.TempDir()
	h := benchHomes[0].home
	if err := h.build(dir); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	in := h.input(dir)
	claudeRows := ReadClaude(ctx, in)
	gatewayRows := ReadGateway(ctx, in)
	if len(claudeRows) == 0 || len(gatewayRows) == 0 {
		t.Fatalf("fixture read %d Claude and %d gateway rows", len(claudeRows), len(gatewayRows))
	}
	// Judge at the read time first: the rows must stay unjudged.
	if s, want := Judge(in, claudeRows, gatewayRows), Scan(ctx, in); !reflect.DeepEqual(s, want) {
		t.Fatalf("judging fresh rows differs from Scan:\n got %+v\nwant %+v", s, want)
	}
	if fresh := ReadClaude(ctx, in); !reflect.DeepEqual(claudeRows, fresh) {
		t.Fatalf("Judge changed the cached rows:\n got %+v\nwant %+v", claudeRows, fresh)
	}
	for _, after := range []time.Duration{0, 4 * time.Hour, 6 * time.Hour, 29 * 24 * time.Hour, 300 * 24 * time.Hour, 301 * 24 * time.Hour} {
		at := in
		at.Now = benchNow.Add(after)
		for range 2 { // twice: judging again changes nothing
			got := Judge(at, claudeRows, ReadGateway(ctx, at))
			want := Scan(ctx, at)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("+%v: cached Claude rows judged again differ from a fresh scan:\n got %+v\nwant %+v", after, got, want)
			}
		}
	}
}

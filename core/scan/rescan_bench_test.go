package scan

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/authtray/authtray/core/gateway"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// BenchmarkRescanOneChanged is the live loop's rescan after one credential
// changed on the sqlite-100x20 HOME: the gateway wrote one agent's
// database (untimed), and the loop reads the gateway source again through
// its DBCache and judges its rows with the Claude Code rows it kept
// (live.Loop.scan with one dirty source): it opens one database and builds
// that one agent's rows again (parts-built/op). no-cache is the same without a
// DBCache, as the loop did before: every database read again. Before it is
// timed, the rescan is checked against a fresh scan of the changed HOME.
// The other databases were written SettleTime before (as on a live HOME,
// where the gateway wrote them long ago): their stat then stamps them. A
// first read makes their -wal and -shm, as a running gateway has them.
func BenchmarkRescanOneChanged(b *testing.B) {
	h := benchHomes[1].home
	dir := b.TempDir()
	if err := h.build(dir); err != nil {
		b.Fatal(err)
	}
	Scan(context.Background(), h.input(dir))
	time.Sleep(gateway.SettleTime + 100*time.Millisecond)
	for _, c := range []struct {
		name  string
		cache *gateway.DBCache
	}{{"cache", &gateway.DBCache{}}, {"no-cache", nil}} {
		b.Run(c.name, func(b *testing.B) { rescanOneChanged(b, h, dir, c.cache) })
	}
}

func rescanOneChanged(b *testing.B, h benchHome, dir string, cache *gateway.DBCache) {
	in := h.input(dir)
	in.DBCache, in.Secrets = cache, &redact.Set{}
	ctx := context.Background()
	claudeRows := ReadClaude(ctx, in)
	ReadGateway(ctx, in)
	db, err := sql.Open("sqlite", filepath.Join(dir, ".openclaw", "agents", "agent042", "agent", "openclaw-agent.sqlite"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	seq := 0
	change := func() {
		seq++
		store, _ := benchProfiles("agent042", h.perAgent, &seq)
		if _, err := db.Exec("UPDATE auth_profile_store SET store_json = ? WHERE store_key = 'primary'", mustJSON(store)); err != nil {
			b.Fatal(err)
		}
	}
	rescan := func() profile.Snapshot { return Judge(in, claudeRows, ReadGateway(ctx, in)) }
	change()
	got, fresh := rescan(), Scan(ctx, h.input(dir))
	if !reflect.DeepEqual(got.Profiles, fresh.Profiles) {
		b.Fatal("the rescan differs from a fresh scan")
	}
	if len(got.Profiles) != h.want {
		b.Fatalf("%d rows, want %d", len(got.Profiles), h.want)
	}
	opened, built := 0, 0
	if cache != nil {
		opened = cache.Opened()
		built, _ = cache.Builds()
	}
	var cpu time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		change()
		b.StartTimer()
		c := cpuTime()
		rescan()
		cpu += cpuTime() - c
	}
	// CPU time (GC included): what a busy machine moves least.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	if cache != nil {
		b.ReportMetric(float64(cache.Opened()-opened)/float64(b.N), "dbs-read/op")
		n, _ := cache.Builds()
		b.ReportMetric(float64(n-built)/float64(b.N), "parts-built/op")
	}
}

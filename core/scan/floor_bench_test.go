package scan

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkFloor is the floor a scan of a HOME is measured against: opening
// and reading its databases with modernc.org/sqlite alone (the state DB's
// three auth rows, each agent DB's store and state rows, as read-only
// connections with the driver's defaults), with no config, JSON, selection
// or judging. ns/op is the floor. Each op also runs one whole Scan of the
// same HOME, untimed, and reports it as scan-ns/op and the ratio
// scan/floor: both run interleaved on the same machine at the same
// moment, so the ratio holds on a loaded machine where either time alone
// does not. scan/floor-cpu is the same ratio of the process's CPU time
// (user and system, GC included), which a busy machine moves even less.
func BenchmarkFloor(b *testing.B) {
	root := b.TempDir()
	for i, c := range benchHomes {
		if !c.home.sqlite {
			continue
		}
		var once sync.Once
		var buildErr error
		var dbs []string
		dir := filepath.Join(root, fmt.Sprint(i))
		b.Run(c.name, func(b *testing.B) {
			once.Do(func() {
				if buildErr = c.home.build(dir); buildErr == nil {
					buildErr = checkScan(dir, c.home)
				}
				dbs = floorDBs(dir)
				if buildErr == nil {
					buildErr = floorRead(dbs)
				}
			})
			if buildErr != nil {
				b.Fatal(buildErr)
			}
			in := c.home.input(dir)
			ctx := context.Background()
			var scan, floorCPU, scanCPU time.Duration
			b.ResetTimer()
			for b.Loop() {
				c0 := cpuTime()
				if err := floorRead(dbs); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				c1, t := cpuTime(), time.Now()
				Scan(ctx, in)
				scan += time.Since(t)
				scanCPU += cpuTime() - c1
				floorCPU += c1 - c0
				b.StartTimer()
			}
			b.StopTimer()
			floor := b.Elapsed()
			b.ReportMetric(float64(scan.Nanoseconds())/float64(b.N), "scan-ns/op")
			b.ReportMetric(float64(scan)/float64(floor), "scan/floor")
			b.ReportMetric(float64(scanCPU)/float64(floorCPU), "scan/floor-cpu")
		})
	}
}

// floorDBs are the databases a scan of a benchHome built in dir reads.
func floorDBs(dir string) []string {
	dbs, _ := filepath.Glob(filepath.Join(dir, ".openclaw", "agents", "*", "agent", "openclaw-agent.sqlite"))
	return append([]string{filepath.Join(dir, ".openclaw", "state", "openclaw.sqlite")}, dbs...)
}

// floorRead reads every database in dbs once; the first is the state DB.
func floorRead(dbs []string) error {
	for i, path := range dbs {
		u := url.URL{Scheme: "file", Path: path, RawQuery: "mode=ro"}
		db, err := sql.Open("sqlite", u.String())
		if err != nil {
			return err
		}
		var rows []string
		if i == 0 {
			rows, err = floorQuery(db, "SELECT value_json FROM config_machine_state WHERE state_key IN ('auth.sharedStore', 'authProfiles.store', 'authProfiles.state')")
		} else {
			rows, err = floorQuery(db, "SELECT store_json FROM auth_profile_store WHERE store_key = 'primary' UNION ALL SELECT state_json FROM auth_profile_state WHERE state_key = 'primary'")
		}
		db.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if want := map[bool]int{true: 3, false: 2}[i == 0]; len(rows) != want {
			return fmt.Errorf("%s: %d rows, want %d", path, len(rows), want)
		}
	}
	return nil
}

func floorQuery(db *sql.DB, q string) ([]string, error) {
	rs, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var s string
		if err := rs.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rs.Err()
}

// cpuTime is the CPU time the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

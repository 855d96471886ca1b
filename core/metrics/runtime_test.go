package metrics

import (
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
)

// clientGolangFamilies are the go_* and process_* families client_golang
// v1.25's default Go and process collectors served on Linux, and their
// types: the names dashboards use, which --metrics-runtime keeps.
var clientGolangFamilies = map[string]dto.MetricType{
	"go_gc_duration_seconds": dto.MetricType_SUMMARY, "go_gc_gogc_percent": dto.MetricType_GAUGE,
	"go_gc_gomemlimit_bytes": dto.MetricType_GAUGE, "go_goroutines": dto.MetricType_GAUGE, "go_info": dto.MetricType_GAUGE,
	"go_memstats_alloc_bytes": dto.MetricType_GAUGE, "go_memstats_alloc_bytes_total": dto.MetricType_COUNTER,
	"go_memstats_buck_hash_sys_bytes": dto.MetricType_GAUGE, "go_memstats_frees_total": dto.MetricType_COUNTER,
	"go_memstats_gc_sys_bytes": dto.MetricType_GAUGE, "go_memstats_heap_alloc_bytes": dto.MetricType_GAUGE,
	"go_memstats_heap_idle_bytes": dto.MetricType_GAUGE, "go_memstats_heap_inuse_bytes": dto.MetricType_GAUGE,
	"go_memstats_heap_objects": dto.MetricType_GAUGE, "go_memstats_heap_released_bytes": dto.MetricType_GAUGE,
	"go_memstats_heap_sys_bytes": dto.MetricType_GAUGE, "go_memstats_last_gc_time_seconds": dto.MetricType_GAUGE,
	"go_memstats_mallocs_total": dto.MetricType_COUNTER, "go_memstats_mcache_inuse_bytes": dto.MetricType_GAUGE,
	"go_memstats_mcache_sys_bytes": dto.MetricType_GAUGE, "go_memstats_mspan_inuse_bytes": dto.MetricType_GAUGE,
	"go_memstats_mspan_sys_bytes": dto.MetricType_GAUGE, "go_memstats_next_gc_bytes": dto.MetricType_GAUGE,
	"go_memstats_other_sys_bytes": dto.MetricType_GAUGE, "go_memstats_stack_inuse_bytes": dto.MetricType_GAUGE,
	"go_memstats_stack_sys_bytes": dto.MetricType_GAUGE, "go_memstats_sys_bytes": dto.MetricType_GAUGE,
	"go_sched_gomaxprocs_threads": dto.MetricType_GAUGE, "go_threads": dto.MetricType_GAUGE,
	"process_cpu_seconds_total": dto.MetricType_COUNTER, "process_max_fds": dto.MetricType_GAUGE,
	"process_network_receive_bytes_total": dto.MetricType_COUNTER, "process_network_transmit_bytes_total": dto.MetricType_COUNTER,
	"process_open_fds": dto.MetricType_GAUGE, "process_resident_memory_bytes": dto.MetricType_GAUGE,
	"process_start_time_seconds": dto.MetricType_GAUGE, "process_virtual_memory_bytes": dto.MetricType_GAUGE,
	"process_virtual_memory_max_bytes": dto.MetricType_GAUGE,
}

// TestRuntimeFamilies: with runtime, the registry serves client_golang's
// families under the same names and types, sorted with authtray's, and
// the values read are this process's.
func TestRuntimeFamilies(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the process families differ on", runtime.GOOS)
	}
	c := New("1.2.3", nil)
	c.Update(expiringToken(time.Hour))
	mfs, err := Registry(c, true).Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	got := map[string]*dto.MetricFamily{}
	var names []string
	for _, mf := range mfs {
		got[mf.GetName()], names = mf, append(names, mf.GetName())
	}
	if !slices.IsSorted(names) {
		t.Errorf("families not sorted: %v", names)
	}
	for name, typ := range clientGolangFamilies {
		switch mf := got[name]; {
		case mf == nil:
			t.Errorf("no %s", name)
		case mf.GetType() != typ:
			t.Errorf("%s is a %v, want %v", name, mf.GetType(), typ)
		case mf.GetHelp() == "":
			t.Errorf("%s has no help", name)
		}
	}
	value := func(name string) float64 {
		m := got[name].GetMetric()[0]
		return m.GetGauge().GetValue() + m.GetCounter().GetValue()
	}
	if start := value("process_start_time_seconds"); time.Since(time.Unix(int64(start), 0)) > time.Hour || start > float64(time.Now().Unix()+1) {
		t.Errorf("process_start_time_seconds %v is not this test's start", start)
	}
	if fds := value("process_open_fds"); fds < 3 {
		t.Errorf("process_open_fds %v, want at least stdin, stdout, stderr", fds)
	}
	if rss := value("process_resident_memory_bytes"); rss < 1<<20 {
		t.Errorf("process_resident_memory_bytes %v", rss)
	}
	if g := value("go_goroutines"); g < 1 {
		t.Errorf("go_goroutines %v", g)
	}
	if v := got["go_info"].GetMetric()[0].GetLabel()[0].GetValue(); v != runtime.Version() {
		t.Errorf("go_info version %q", v)
	}
	if q := got["go_gc_duration_seconds"].GetMetric()[0].GetSummary().GetQuantile(); len(q) != 5 || q[4].GetQuantile() != 1 {
		t.Errorf("go_gc_duration_seconds quantiles %v", q)
	}
}

// TestGOGC: go_gc_gogc_percent reads GOGC as the runtime does.
func TestGOGC(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want int
	}{{"", 100}, {"off", -1}, {"50", 50}, {"x", 100}, {"400", 400}} {
		t.Setenv("GOGC", tc.env)
		if got := gogc(); got != tc.want {
			t.Errorf("GOGC=%q: %d, want %d", tc.env, got, tc.want)
		}
	}
	os.Unsetenv("GOGC")
}

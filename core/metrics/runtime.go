package metrics

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	dto "github.com/prometheus/client_model/go"
)

// goFamilies are the go_* metrics client_golang's Go collector serves by
// default, under its names and types (dashboards know them), read when
// scraped: nothing is read or registered at start-up.
func goFamilies() []*dto.MetricFamily {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	threads, _ := runtime.ThreadCreateProfile(nil)
	out := []*dto.MetricFamily{
		gcDurations(),
		gauge("go_gc_gogc_percent", "Heap size target percentage configured by the user, otherwise 100 (the GOGC environment variable; authtray never calls runtime/debug.SetGCPercent).", float64(gogc())),
		gauge("go_gc_gomemlimit_bytes", "Go runtime memory limit configured by the user, otherwise math.MaxInt64 (GOMEMLIMIT, runtime/debug.SetMemoryLimit).", float64(debug.SetMemoryLimit(-1))),
		gauge("go_goroutines", "Number of goroutines that currently exist.", float64(runtime.NumGoroutine())),
		labeled(gauge("go_info", "Information about the Go environment.", 1), "version", runtime.Version()),
		gauge("go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously.", float64(runtime.GOMAXPROCS(0))),
		gauge("go_threads", "Number of OS threads created.", float64(threads)),
	}
	return append(out, memStats(&ms)...)
}

// memStats are the go_memstats_* metrics, from runtime.MemStats.
func memStats(ms *runtime.MemStats) []*dto.MetricFamily {
	g := func(name, help string, v uint64) *dto.MetricFamily {
		return gauge("go_memstats_"+name, help, float64(v))
	}
	c := func(name, help string, v uint64) *dto.MetricFamily {
		return counter("go_memstats_"+name, help, float64(v))
	}
	return []*dto.MetricFamily{
		g("alloc_bytes", "Number of bytes allocated in heap and currently in use (MemStats.Alloc).", ms.Alloc),
		c("alloc_bytes_total", "Total number of bytes allocated in heap until now, even if released already (MemStats.TotalAlloc).", ms.TotalAlloc),
		g("buck_hash_sys_bytes", "Number of bytes used by the profiling bucket hash table (MemStats.BuckHashSys).", ms.BuckHashSys),
		c("frees_total", "Total number of heap objects frees (MemStats.Frees).", ms.Frees),
		g("gc_sys_bytes", "Number of bytes used for garbage collection system metadata (MemStats.GCSys).", ms.GCSys),
		g("heap_alloc_bytes", "Number of heap bytes allocated and currently in use, same as go_memstats_alloc_bytes (MemStats.HeapAlloc).", ms.HeapAlloc),
		g("heap_idle_bytes", "Number of heap bytes waiting to be used (MemStats.HeapIdle).", ms.HeapIdle),
		g("heap_inuse_bytes", "Number of heap bytes that are in use (MemStats.HeapInuse).", ms.HeapInuse),
		g("heap_objects", "Number of currently allocated objects (MemStats.HeapObjects).", ms.HeapObjects),
		g("heap_released_bytes", "Number of heap bytes released to OS (MemStats.HeapReleased).", ms.HeapReleased),
		g("heap_sys_bytes", "Number of heap bytes obtained from system (MemStats.HeapSys).", ms.HeapSys),
		gauge("go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection (MemStats.LastGC).", float64(ms.LastGC)/1e9),
		c("mallocs_total", "Total number of heap objects allocated, both live and gc-ed (MemStats.Mallocs).", ms.Mallocs),
		g("mcache_inuse_bytes", "Number of bytes in use by mcache structures (MemStats.MCacheInuse).", ms.MCacheInuse),
		g("mcache_sys_bytes", "Number of bytes used for mcache structures obtained from system (MemStats.MCacheSys).", ms.MCacheSys),
		g("mspan_inuse_bytes", "Number of bytes in use by mspan structures (MemStats.MSpanInuse).", ms.MSpanInuse),
		g("mspan_sys_bytes", "Number of bytes used for mspan structures obtained from system (MemStats.MSpanSys).", ms.MSpanSys),
		g("next_gc_bytes", "Number of heap bytes when next garbage collection will take place (MemStats.NextGC).", ms.NextGC),
		g("other_sys_bytes", "Number of bytes used for other system allocations (MemStats.OtherSys).", ms.OtherSys),
		g("stack_inuse_bytes", "Number of bytes in use by the stack allocator (MemStats.StackInuse).", ms.StackInuse),
		g("stack_sys_bytes", "Number of bytes obtained from system for stack allocator (MemStats.StackSys).", ms.StackSys),
		g("sys_bytes", "Number of bytes obtained from system (MemStats.Sys).", ms.Sys),
	}
}

// gcDurations is go_gc_duration_seconds: the quantiles of the recent
// stop-the-world pauses, their sum and count.
func gcDurations() *dto.MetricFamily {
	var st debug.GCStats
	st.PauseQuantiles = make([]time.Duration, 5)
	debug.ReadGCStats(&st)
	qs := make([]*dto.Quantile, len(st.PauseQuantiles))
	for i, q := range []float64{0, 0.25, 0.5, 0.75, 1} {
		v := st.PauseQuantiles[i].Seconds()
		qs[i] = &dto.Quantile{Quantile: &q, Value: &v}
	}
	count, sum := uint64(st.NumGC), st.PauseTotal.Seconds()
	name, help := "go_gc_duration_seconds", "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles."
	return &dto.MetricFamily{Name: &name, Help: &help, Type: dto.MetricType_SUMMARY.Enum(),
		Metric: []*dto.Metric{{Summary: &dto.Summary{SampleCount: &count, SampleSum: &sum, Quantile: qs}}}}
}

// gogc is the GC percentage as the runtime reads it from GOGC at start:
// "off" is -1, a number is itself, anything else is 100.
func gogc() int {
	p := os.Getenv("GOGC")
	if p == "off" {
		return -1
	}
	if n, err := strconv.ParseInt(p, 10, 32); err == nil {
		return int(n)
	}
	return 100
}

func gauge(name, help string, v float64) *dto.MetricFamily {
	return &dto.MetricFamily{Name: &name, Help: &help, Type: dto.MetricType_GAUGE.Enum(),
		Metric: []*dto.Metric{{Gauge: &dto.Gauge{Value: &v}}}}
}

func counter(name, help string, v float64) *dto.MetricFamily {
	return &dto.MetricFamily{Name: &name, Help: &help, Type: dto.MetricType_COUNTER.Enum(),
		Metric: []*dto.Metric{{Counter: &dto.Counter{Value: &v}}}}
}

// labeled gives mf's one sample the label name=value.
func labeled(mf *dto.MetricFamily, name, value string) *dto.MetricFamily {
	mf.Metric[0].Label = []*dto.LabelPair{{Name: &name, Value: &value}}
	return mf
}

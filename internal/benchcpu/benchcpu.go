// Package benchcpu reports a benchmark's CPU time per operation beside its
// wall time, and the CPU time fuzz bodies check against input size. On a machine shared with other work, wall time measures the
// neighbours as much as the code; the process's CPU time (every thread,
// the garbage collector's included) much less so.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// CPU is the process's CPU time so far, for a fuzz body's time-per-byte
// check that load on the machine should not fail.
func CPU() time.Duration { return cpu() }

// Start returns a func to call after the loop: it reports "cpu-ns/op".
func Start(b *testing.B) func() {
	start := cpu()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpu()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpu() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

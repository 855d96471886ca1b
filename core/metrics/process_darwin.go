package metrics

import (
	"fmt"
	"os"
	"syscall"
	"time"

	dto "github.com/prometheus/client_model/go"
	"golang.org/x/sys/unix"
)

// processFamilies reads what client_golang's collector reads on macOS
// without cgo: CPU time, start time, open and maximum descriptors, and the
// address-space limit (no memory sizes, no network counters). A value that
// cannot be read is left out and its error returned.
func processFamilies() ([]*dto.MetricFamily, error) {
	var p procSet
	start, err := startTime()
	p.add(procStart, start, err)
	var ru unix.Rusage
	err = unix.Getrusage(syscall.RUSAGE_SELF, &ru)
	p.add(procCPU, time.Duration(ru.Stime.Nano()+ru.Utime.Nano()).Seconds(), err)
	names, err := openFDNames()
	p.add(procOpenFDs, float64(len(names)-1), err) // less the one reading /dev/fd
	maxFDs, err := softLimit(syscall.RLIMIT_NOFILE)
	p.add(procMaxFDs, maxFDs, err)
	maxAS, err := softLimit(syscall.RLIMIT_AS)
	p.add(procMaxVsize, maxAS, err)
	return p.result()
}

func startTime() (float64, error) {
	procs, err := unix.SysctlKinfoProcSlice("kern.proc.pid", os.Getpid())
	if err != nil {
		return 0, err
	}
	if len(procs) != 1 {
		return 0, fmt.Errorf("sysctl returned %d proc structs (expected 1)", len(procs))
	}
	return float64(procs[0].Proc.P_starttime.Nano() / 1e9), nil
}

func openFDNames() ([]string, error) {
	dir, err := os.Open("/dev/fd")
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	return dir.Readdirnames(0)
}

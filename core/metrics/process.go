//go:build linux || darwin

package metrics

import (
	"errors"
	"fmt"
	"syscall"

	dto "github.com/prometheus/client_model/go"
)

// The process_* metrics client_golang's process collector serves, under
// its names and help; each OS file reads what it can (processFamilies).
const (
	procCPU      = "process_cpu_seconds_total"
	procOpenFDs  = "process_open_fds"
	procMaxFDs   = "process_max_fds"
	procVsize    = "process_virtual_memory_bytes"
	procMaxVsize = "process_virtual_memory_max_bytes"
	procRSS      = "process_resident_memory_bytes"
	procStart    = "process_start_time_seconds"
	procNetIn    = "process_network_receive_bytes_total"
	procNetOut   = "process_network_transmit_bytes_total"
)

var procHelp = map[string]string{
	procCPU:      "Total user and system CPU time spent in seconds.",
	procOpenFDs:  "Number of open file descriptors.",
	procMaxFDs:   "Maximum number of open file descriptors.",
	procVsize:    "Virtual memory size in bytes.",
	procMaxVsize: "Maximum amount of virtual memory available in bytes.",
	procRSS:      "Resident memory size in bytes.",
	procStart:    "Start time of the process since unix epoch in seconds.",
	procNetIn:    "Number of bytes received by the process over the network.",
	procNetOut:   "Number of bytes sent by the process over the network.",
}

// procFamily is one process_* metric; the _total ones are counters.
func procFamily(name string, v float64) *dto.MetricFamily {
	if name == procCPU || name == procNetIn || name == procNetOut {
		return counter(name, procHelp[name], v)
	}
	return gauge(name, procHelp[name], v)
}

// softLimit is the soft limit of resource which (RLIMIT_NOFILE, RLIMIT_AS).
func softLimit(which int) (float64, error) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(which, &l); err != nil {
		return 0, err
	}
	return float64(l.Cur), nil
}

// procSet gathers the process_* families an OS file reads: a value that
// cannot be read is left out and its error kept.
type procSet struct {
	out  []*dto.MetricFamily
	errs []error
}

func (p *procSet) add(name string, v float64, err error) {
	if err != nil {
		p.errs = append(p.errs, fmt.Errorf("read %s: %w", name, err))
		return
	}
	p.out = append(p.out, procFamily(name, v))
}

func (p *procSet) result() ([]*dto.MetricFamily, error) { return p.out, errors.Join(p.errs...) }

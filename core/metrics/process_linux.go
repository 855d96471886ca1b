package metrics

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	dto "github.com/prometheus/client_model/go"
)

// userHZ is the kernel's clock ticks per second in /proc (USER_HZ), 100 on
// every Linux architecture Go runs on, as procfs assumes.
const userHZ = 100

// processFamilies reads the process_* metrics from /proc, as
// client_golang's collector does through procfs: a value that cannot be
// read is left out and its error returned.
func processFamilies() ([]*dto.MetricFamily, error) {
	var p procSet
	if st, err := readStat(); err != nil {
		p.errs = append(p.errs, err)
	} else {
		p.add(procCPU, float64(st.utime+st.stime)/userHZ, nil)
		p.add(procVsize, float64(st.vsize), nil)
		p.add(procRSS, float64(st.rss*int64(os.Getpagesize())), nil)
		boot, err := bootTime()
		p.add(procStart, float64(boot)+float64(st.start)/userHZ, err)
	}
	fds, err := os.ReadDir("/proc/self/fd")
	p.add(procOpenFDs, float64(len(fds)), err)
	maxFDs, err := softLimit(syscall.RLIMIT_NOFILE)
	p.add(procMaxFDs, maxFDs, err)
	maxAS, err := softLimit(syscall.RLIMIT_AS)
	p.add(procMaxVsize, maxAS, err)
	in, outb, err := netOctets()
	p.add(procNetIn, in, err)
	p.add(procNetOut, outb, err)
	return p.result()
}

// stat is what /proc/self/stat says of CPU, memory and start.
type stat struct {
	utime, stime, start uint64
	vsize               uint64
	rss                 int64
}

func readStat() (stat, error) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return stat{}, fmt.Errorf("read /proc/self/stat: %w", err)
	}
	return parseStat(b)
}

// parseStat reads a /proc/PID/stat line. The command name, in
// parentheses, can hold spaces and parentheses: the fields start after
// the last ')'. Field 3 (state) is f[0].
func parseStat(b []byte) (stat, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return stat{}, errors.New("read /proc/self/stat: no command name")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 22 {
		return stat{}, errors.New("read /proc/self/stat: too few fields")
	}
	var st stat
	var errs []error
	u := func(s string) uint64 {
		n, err := strconv.ParseUint(s, 10, 64)
		errs = append(errs, err)
		return n
	}
	st.utime, st.stime, st.start, st.vsize = u(f[11]), u(f[12]), u(f[19]), u(f[20])
	rss, err := strconv.ParseInt(f[21], 10, 64)
	st.rss = rss
	if err := errors.Join(append(errs, err)...); err != nil {
		return stat{}, fmt.Errorf("read /proc/self/stat: %w", err)
	}
	return st, nil
}

// bootTime is /proc/stat's btime, in Unix seconds.
func bootTime() (uint64, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			return strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		}
	}
	return 0, errors.New("no btime in /proc/stat")
}

// netOctets are the IpExt InOctets and OutOctets of /proc/self/net/netstat:
// a header line of names, then a line of values.
func netOctets() (in, out float64, err error) {
	b, err := os.ReadFile("/proc/self/net/netstat")
	if err != nil {
		return 0, 0, err
	}
	return parseNetstat(b)
}

func parseNetstat(b []byte) (in, out float64, err error) {
	var names []string
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "IpExt:" {
			continue
		}
		if names == nil {
			names = f
			continue
		}
		got := map[string]float64{}
		for i := 1; i < len(f) && i < len(names); i++ {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				got[names[i]] = v
			}
		}
		in, okIn := got["InOctets"]
		out, okOut := got["OutOctets"]
		if !okIn || !okOut {
			break
		}
		return in, out, nil
	}
	return 0, 0, errors.New("no IpExt octets in /proc/self/net/netstat")
}

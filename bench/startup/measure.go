package main

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"syscall"
	"time"

	"github.com/authtray/authtray/internal/cleanrun"
)

// sample is one finished run.
type sample struct {
	wall, cpu time.Duration
	faults    int64 // minor page faults: a large binary's cost that load moves least
	code      int
	stderr    []byte
}

// execute runs argv with exactly env, from /, and measures it.
func execute(env []string, argv ...string) (sample, error) {
	ctx := context.Background()
	cmd := cleanrun.Command(ctx, env, argv...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), stderr: errb.Bytes()}
	if s.code, err = cleanrun.Code(ctx, err); err != nil {
		return s, fmt.Errorf("run %s: %w", argv[0], err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		s.faults = ru.Minflt
	}
	return s, nil
}

// pairs runs floor and prog back to back n times (after warm-up runs of
// each), alternating which goes first, so both see the same load.
func pairs(env []string, n, warm int, floor, prog []string) (fs, ps []sample, err error) {
	argvs := [2][]string{floor, prog}
	for i := -warm; i < n; i++ {
		var got [2]sample
		for k := range 2 {
			j := (k + i&1) % 2 // odd rounds run prog first
			s, err := execute(env, argvs[j]...)
			if err != nil {
				return nil, nil, err
			}
			if s.code != 0 {
				return nil, nil, fmt.Errorf("%s exited %d: %s", argvs[j][0], s.code, s.stderr)
			}
			got[j] = s
		}
		if i >= 0 {
			fs, ps = append(fs, got[0]), append(ps, got[1])
		}
	}
	return fs, ps, nil
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}

func walls(ss []sample) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = s.wall
	}
	return out
}

// faults are the samples' page faults, as durations for median.
func faults(ss []sample) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = time.Duration(s.faults)
	}
	return out
}

func cpus(ss []sample) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = s.cpu
	}
	return out
}

// pairRatio is the median over pairs of prog's time over floor's: each
// pair ran at the same moment, so this is what a changing load moves least.
func pairRatio(fs, ps []sample, of func([]sample) []time.Duration) float64 {
	f, p := of(fs), of(ps)
	rs := make([]time.Duration, len(f))
	for i := range f {
		rs[i] = time.Duration(float64(p[i]) / float64(max(f[i], 1)) * 1e6)
	}
	return float64(median(rs)) / 1e6
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

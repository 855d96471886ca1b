package main

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// initLine is one line of GODEBUG=inittrace=1:
// "init net/http @1.2 ms, 0.10 ms clock, 1234 bytes, 12 allocs".
var initLine = regexp.MustCompile(`^init (\S+) @([0-9.]+) ms, ([0-9.]+) ms clock, (\d+) bytes, (\d+) allocs`)

// initCost is one package's init, its median over runs.
type initCost struct {
	pkg   string
	clock time.Duration
}

// parseInit returns each package's init clock time in one run's stderr,
// the sum of them, and when the last init finished (after process start).
func parseInit(stderr []byte) (map[string]time.Duration, time.Duration, time.Duration) {
	out := map[string]time.Duration{}
	var sum, end time.Duration
	sc := bufio.NewScanner(bytes.NewReader(stderr))
	for sc.Scan() {
		m := initLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		at, _ := strconv.ParseFloat(m[2], 64)
		clock, _ := strconv.ParseFloat(m[3], 64)
		d := time.Duration(clock * 1e6)
		out[m[1]] += d
		sum += d
		end = max(end, time.Duration((at+clock)*1e6))
	}
	return out, sum, end
}

// initReport runs argv n times with inittrace and prints the median total
// init clock, when init ended, and the top packages by median clock.
func initReport(env []string, n, top int, argv []string) (string, error) {
	per := map[string][]time.Duration{}
	var sums, ends []time.Duration
	for i := 0; i < n; i++ {
		s, err := execute(append(env, "GODEBUG=inittrace=1"), argv...)
		if err != nil {
			return "", err
		}
		m, sum, end := parseInit(s.stderr)
		if len(m) == 0 {
			return "", fmt.Errorf("%s printed no inittrace lines", argv[0])
		}
		for p, d := range m {
			per[p] = append(per[p], d)
		}
		sums, ends = append(sums, sum), append(ends, end)
	}
	var cs []initCost
	for p, ds := range per {
		for len(ds) < n {
			ds = append(ds, 0)
		}
		cs = append(cs, initCost{p, median(ds)})
	}
	sort.Slice(cs, func(i, j int) bool {
		return cs[i].clock > cs[j].clock || cs[i].clock == cs[j].clock && cs[i].pkg < cs[j].pkg
	})
	var b strings.Builder
	fmt.Fprintf(&b, "inittrace (%d runs, medians): %d packages, %s of init clock, init done %s after start\n", n, len(per), ms(median(sums)), ms(median(ends)))
	for _, c := range cs[:min(top, len(cs))] {
		fmt.Fprintf(&b, "  %-44s %s\n", c.pkg, ms(c.clock))
	}
	return b.String(), nil
}

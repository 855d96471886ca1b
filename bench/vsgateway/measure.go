package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// The two commands compared, in both programs' spelling.
var commands = []struct {
	label             string
	gateway, authtray []string
}{
	{"--check", []string{"models", "status", "--check"}, []string{"status", "--check"}},
	{"--json", []string{"models", "status", "--json"}, []string{"status", "--json"}},
}

// series is every timed run of one command of one program.
type series struct {
	tool, cmd string
	runs      []sample
}

type scenarioResult struct {
	sc     scenario
	series map[string]*series // "openclaw --check", …
}

// measure warms each command up once, then runs them interleaved: n times
// for the gateway, m times for authtray.
func measure(sc scenario, home string, gw, au tool, n, m int, secrets []string) (scenarioResult, []string) {
	r := scenarioResult{sc: sc, series: map[string]*series{}}
	var problems []string
	fail := func(format string, a ...any) {
		problems = append(problems, fmt.Sprintf("%s: ", sc.name)+fmt.Sprintf(format, a...))
	}
	type job struct {
		t    tool
		args []string
		key  string
		runs int
	}
	var jobs []job
	for _, c := range commands {
		jobs = append(jobs, job{gw, c.gateway, gw.name + " " + c.label, n}, job{au, c.authtray, au.name + " " + c.label, m})
		r.series[gw.name+" "+c.label] = &series{tool: gw.name, cmd: c.label}
		r.series[au.name+" "+c.label] = &series{tool: au.name, cmd: c.label}
	}
	for i := -1; i < max(n, m); i++ {
		for _, j := range jobs {
			if i >= j.runs {
				continue
			}
			s, err := j.t.run(home, j.args...)
			if err != nil {
				fail("%v", err)
				return r, problems
			}
			if j.t.name == au.name {
				checkAuthtray(s, j.key, secrets, fail)
			}
			if i >= 0 { // the first round is the warm-up
				r.series[j.key].runs = append(r.series[j.key].runs, s)
			}
		}
	}
	for _, c := range commands[:1] {
		for _, t := range []tool{gw, au} {
			key := t.name + " " + c.label
			for _, s := range r.series[key].runs {
				if s.code != sc.want {
					fail("%s exited %d, want %d\n%s", key, s.code, sc.want, redact(s.stdout, secrets))
					break
				}
			}
		}
	}
	return r, problems
}

// checkAuthtray fails a run whose output holds any part of a secret (the
// gateway prints the first and last 8 characters; authtray prints none) or
// whose --json is not the documented object.
func checkAuthtray(s sample, key string, secrets []string, fail func(string, ...any)) {
	out := append(append([]byte(nil), s.stdout...), s.stderr...)
	for _, sec := range secrets {
		body := sec[strings.Index(sec, "FAKE")+4:]
		for _, part := range []string{body[:8], body[len(body)-8:]} {
			if bytes.Contains(out, []byte(part)) {
				fail("%s printed part of a secret", key)
				return
			}
		}
	}
	if strings.HasSuffix(key, "--json") {
		var v struct {
			Status   string            `json:"status"`
			Profiles []json.RawMessage `json:"profiles"`
		}
		if err := json.Unmarshal(s.stdout, &v); err != nil || v.Status == "" || len(v.Profiles) == 0 {
			fail("%s printed no status JSON (%v)", key, err)
		}
	}
}

// percentile is the nearest-rank percentile (p in 0..100) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if p == 50 && len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[max(rank, 1)-1]
}

func (s *series) walls() []time.Duration {
	out := make([]time.Duration, len(s.runs))
	for i, r := range s.runs {
		out[i] = r.wall
	}
	return out
}

func (s *series) cpus() []time.Duration {
	out := make([]time.Duration, len(s.runs))
	for i, r := range s.runs {
		out[i] = r.cpu
	}
	return out
}

// peakKB is the largest peak RSS of any run.
func (s *series) peakKB() int64 {
	var m int64
	for _, r := range s.runs {
		m = max(m, r.rssKB)
	}
	return m
}

func ms(d time.Duration) string {
	switch {
	case d >= 100*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	default:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	}
}

func mb(kb int64) string { return fmt.Sprintf("%.1f MB", float64(kb)/1024) }

func ratio(a, b float64) string {
	if b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0fx", a/b)
}

// markdown renders the figures, the ratios and whether the goals
// (>= 100x faster, RSS under 1/20) are met.
func markdown(results []scenarioResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| HOME | command | runs | median wall | p90 wall | median CPU | peak RSS | exit |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		for _, c := range commands {
			for _, t := range []string{"openclaw", "authtray"} {
				s := r.series[t+" "+c.label]
				cmd := "`openclaw models status " + c.label + "`"
				if t == "authtray" {
					cmd = "`authtray status " + c.label + "`"
				}
				code := "-"
				if len(s.runs) > 0 {
					code = fmt.Sprint(s.runs[0].code)
				}
				fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %s | %s | %s |\n", r.sc.name, cmd, len(s.runs),
					ms(percentile(s.walls(), 50)), ms(percentile(s.walls(), 90)), ms(percentile(s.cpus(), 50)), mb(s.peakKB()), code)
			}
		}
	}
	fmt.Fprintf(&b, "\n| HOME | command | wall (median) | CPU (median) | peak RSS | goals: ≥100x faster, RSS < 1/20 |\n|---|---|---:|---:|---:|---|\n")
	for _, r := range results {
		for _, c := range commands {
			g, a := r.series["openclaw "+c.label], r.series["authtray "+c.label]
			wg, wa := float64(percentile(g.walls(), 50)), float64(percentile(a.walls(), 50))
			cg, ca := float64(percentile(g.cpus(), 50)), float64(percentile(a.cpus(), 50))
			rg, ra := float64(g.peakKB()), float64(a.peakKB())
			met := "met"
			if wa <= 0 || wg/wa < 100 || ra <= 0 || rg/ra < 20 {
				met = "NOT met"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | 1/%s | %s |\n", r.sc.name, c.label, ratio(wg, wa), ratio(cg, ca), strings.TrimSuffix(ratio(rg, ra), "x"), met)
		}
	}
	fmt.Fprintf(&b, "\nHOMEs:\n")
	for _, r := range results {
		fmt.Fprintf(&b, "- %s: %s; `--check` exit %d from both\n", r.sc.name, r.sc.about, r.sc.want)
	}
	return b.String()
}

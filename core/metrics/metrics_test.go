package metrics

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// gathered is one gathered sample: its metric name, labels and value.
type gathered struct {
	name   string
	labels map[string]string
	value  float64
}

// gather collects c through a fresh registry, as a scrape does, failing the
// test when the registry refuses anything.
func gather(t *testing.T, c *Collector) []gathered {
	t.Helper()
	mfs, err := Registry(c, false).Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	var out []gathered
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			g := gathered{name: mf.GetName(), labels: map[string]string{}, value: m.GetGauge().GetValue()}
			for _, lp := range m.GetLabel() {
				g.labels[lp.GetName()] = lp.GetValue()
			}
			out = append(out, g)
		}
	}
	return out
}

// find returns the samples of name whose labels include want.
func find(gs []gathered, name string, want map[string]string) []gathered {
	var out []gathered
	for _, g := range gs {
		if g.name != name {
			continue
		}
		ok := true
		for k, v := range want {
			ok = ok && g.labels[k] == v
		}
		if ok {
			out = append(out, g)
		}
	}
	return out
}

func snapshotOf(ps ...profile.Profile) profile.Snapshot {
	s := profile.Snapshot{Profiles: ps}
	s.Finish(profile.Policy{Now: now})
	return s
}

func collect(t *testing.T, s profile.Snapshot) []gathered {
	t.Helper()
	c := New("1.2.3", nil)
	c.Update(s)
	return gather(t, c)
}

// TestDeadline: the deadline is the moment the user must act by, as the
// engine judges it — a token's expiry, a refreshing login's end, never the
// access token that refreshes itself — and there is no sample without one.
func TestDeadline(t *testing.T) {
	exp, end := now.Add(5*time.Hour), now.Add(40*24*time.Hour)
	for _, tc := range []struct {
		name string
		p    profile.Profile
		want *time.Time
	}{
		{"setup token", profile.Profile{ID: "a", Kind: profile.Token, ExpiresAt: &exp}, &exp},
		{"expired token", profile.Profile{ID: "a", Kind: profile.Token, ExpiresAt: profile.Time(now.Add(-time.Hour))}, profile.Time(now.Add(-time.Hour))},
		{"token without expiry", profile.Profile{ID: "a", Kind: profile.Token}, nil},
		{"api key", profile.Profile{ID: "a", Kind: profile.APIKey}, nil},
		{"claude login", profile.Profile{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, CanRefresh: true, ExpiresAt: &exp, LoginEndsAt: &end}, &end},
		{"gateway oauth, refresh token, no login end", profile.Profile{ID: "a", Kind: profile.OAuth, CanRefresh: true, ExpiresAt: &exp}, nil},
		{"oauth without refresh token", profile.Profile{ID: "a", Kind: profile.OAuth, ExpiresAt: &exp}, &exp},
		{"missing", profile.Profile{ID: "a", Kind: profile.Token, State: profile.Missing}, nil},
	} {
		tc.p.Source = cmpOr(tc.p.Source, profile.Gateway)
		tc.p.Judged = true
		gs := find(collect(t, snapshotOf(tc.p)), DeadlineName, map[string]string{"profile": tc.p.ID})
		switch {
		case tc.want == nil && len(gs) != 0:
			t.Errorf("%s: deadline %v, want no sample", tc.name, gs[0].value)
		case tc.want != nil && len(gs) != 1:
			t.Errorf("%s: %d deadline samples, want 1", tc.name, len(gs))
		case tc.want != nil && gs[0].value != float64(tc.want.Unix()):
			t.Errorf("%s: deadline %v, want %v", tc.name, gs[0].value, tc.want.Unix())
		}
	}
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a == zero {
		return b
	}
	return a
}

// TestStateSeries: every state the engine has is a series of every
// credential; exactly the current one is 1.
func TestStateSeries(t *testing.T) {
	all := profile.States()
	for _, st := range all {
		p := profile.Profile{ID: "x", Source: profile.Gateway, Kind: profile.Token, State: st, Judged: true}
		gs := find(collect(t, snapshotOf(p)), StateName, map[string]string{"profile": "x"})
		if len(gs) != len(all) {
			t.Fatalf("%s: %d state series, want %d (one per state)", st, len(gs), len(all))
		}
		for _, g := range gs {
			want := 0.0
			if g.labels["state"] == string(st) {
				want = 1
			}
			if g.value != want {
				t.Errorf("row %s: state=%q is %v, want %v", st, g.labels["state"], g.value, want)
			}
		}
	}
}

// TestSnapshotMetrics: in use, status, host reachability, the snapshot's
// time and the build, for each verdict.
func TestSnapshotMetrics(t *testing.T) {
	for _, tc := range []struct {
		state profile.State
		code  float64
	}{
		{profile.OK, 0}, {profile.Unknown, 0}, {profile.Expiring, 2}, {profile.Unreachable, 1},
		{profile.Error, 1}, {profile.Missing, 1}, {profile.Expired, 1},
	} {
		used := profile.Profile{ID: "used", Source: profile.Gateway, Kind: profile.Token, State: tc.state, Judged: true}
		spare := profile.Profile{ID: "spare", Source: profile.Gateway, Kind: profile.Token, State: profile.Expired}
		s := snapshotOf(used, spare)
		s.Hosts = []profile.Host{{Name: "vps", Reachable: true}, {Name: "box"}}
		gs := collect(t, s)
		check := func(name string, labels map[string]string, want float64) {
			t.Helper()
			got := find(gs, name, labels)
			if len(got) != 1 || got[0].value != want {
				t.Errorf("%s: %s%v = %v, want one sample %v", tc.state, name, labels, got, want)
			}
		}
		check(StatusName, nil, tc.code)
		check(InUseName, map[string]string{"profile": "used"}, 1)
		check(InUseName, map[string]string{"profile": "spare"}, 0)
		check(HostReachableName, map[string]string{"host": "vps"}, 1)
		check(HostReachableName, map[string]string{"host": "box"}, 0)
		check(SnapshotName, nil, float64(now.Unix()))
		check(BuildInfoName, map[string]string{"version": "1.2.3"}, 1)
	}
}

// TestBeforeFirstSnapshot: only the build is collected, and the registry
// is happy with that.
func TestBeforeFirstSnapshot(t *testing.T) {
	c := New("1.2.3", nil)
	if c.Ready() {
		t.Fatal("ready before any snapshot")
	}
	gs := gather(t, c)
	if len(gs) != 1 || gs[0].name != BuildInfoName {
		t.Fatalf("before the first snapshot: %v, want only %s", gs, BuildInfoName)
	}
	c.Update(snapshotOf())
	if !c.Ready() {
		t.Fatal("not ready after a snapshot")
	}
	if got := find(gather(t, c), StatusName, nil); len(got) != 1 || got[0].value != 1 {
		t.Errorf("an empty snapshot (no credentials: missing) gives status %v, want 1", got)
	}
}

// TestMerge: rows that share a label set (read in two places) are one
// series that is never better than a row behind it: judged rows outrank
// the rest, then the worst state and the earliest deadline win.
func TestMerge(t *testing.T) {
	early, late := now.Add(2*time.Hour), now.Add(300*24*time.Hour)
	row := func(st profile.State, judged bool, exp *time.Time, where string) profile.Profile {
		return profile.Profile{ID: "anthropic:manual", Provider: "anthropic", Agent: "main", Source: profile.Gateway, Kind: profile.Token,
			Location: where, State: st, Judged: judged, ExpiresAt: exp}
	}
	for _, tc := range []struct {
		name     string
		rows     []profile.Profile
		state    profile.State
		inUse    float64
		deadline time.Time
	}{
		{"shelved expired, live ok", []profile.Profile{row(profile.Expired, false, &early, "/old"), row(profile.OK, true, &late, "/live")}, profile.OK, 1, late},
		{"live first", []profile.Profile{row(profile.OK, true, &late, "/live"), row(profile.Expired, false, &early, "/old")}, profile.OK, 1, late},
		{"both judged", []profile.Profile{row(profile.OK, true, &late, "/a"), row(profile.Expiring, true, &early, "/b")}, profile.Expiring, 1, early},
		{"both judged, worst first", []profile.Profile{row(profile.Expired, true, &early, "/a"), row(profile.OK, true, &late, "/b")}, profile.Expired, 1, early},
		{"neither judged", []profile.Profile{row(profile.OK, false, &late, "/a"), row(profile.Missing, false, nil, "/b")}, profile.Missing, 0, late},
	} {
		gs := collect(t, snapshotOf(tc.rows...))
		on := find(gs, StateName, map[string]string{"profile": "anthropic:manual"})
		var states []string
		for _, g := range on {
			if g.value == 1 {
				states = append(states, g.labels["state"])
			}
		}
		if len(on) != len(profile.States()) || len(states) != 1 || states[0] != string(tc.state) {
			t.Errorf("%s: %d series, states at 1 %v, want %d series and only %s", tc.name, len(on), states, len(profile.States()), tc.state)
		}
		if got := find(gs, InUseName, nil); len(got) != 1 || got[0].value != tc.inUse {
			t.Errorf("%s: in use %v, want %v", tc.name, got, tc.inUse)
		}
		if got := find(gs, DeadlineName, nil); len(got) != 1 || got[0].value != float64(tc.deadline.Unix()) {
			t.Errorf("%s: deadline %v, want %v", tc.name, got, tc.deadline.Unix())
		}
	}
}

// TestLabelsMasked: a secret the process read never reaches a label, even
// split by an escape sequence that cleaning removes.
func TestLabelsMasked(t *testing.T) {
	secret := "sk-ant-oat01-SECRETaaaaBBBBccccDDDD"
	set := &redact.Set{}
	set.Add(secret)
	c := New("dev", set)
	c.Update(snapshotOf(
		profile.Profile{ID: "anthropic:" + secret, Provider: "anthropic", Source: profile.Gateway, Kind: profile.Token, Judged: true},
		profile.Profile{ID: "b", Agent: secret[:10] + "\x1b[0m" + secret[10:], Source: profile.Gateway, Kind: profile.APIKey},
		profile.Profile{ID: "c", Host: "h" + secret, Source: profile.Gateway, Kind: profile.APIKey},
	))
	for _, g := range gather(t, c) {
		for k, v := range g.labels {
			if leak := leakOf(v, secret); leak != "" {
				t.Errorf("%s label %s=%q holds %q of the secret", g.name, k, v, leak)
			}
		}
	}
}

// leakOf returns the first 8-byte window of secret (past its kind prefix)
// found in s.
func leakOf(s, secret string) string {
	start := strings.LastIndex(secret, "-") + 1
	for i := start; i+8 <= len(secret); i++ {
		if strings.Contains(s, secret[i:i+8]) {
			return secret[i : i+8]
		}
	}
	return ""
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// TestLabelNames: the per-credential metrics carry exactly the interface's
// labels (state too on the state metric).
func TestLabelNames(t *testing.T) {
	p := profile.Profile{ID: "x", Source: profile.Gateway, Kind: profile.Token, ExpiresAt: profile.Time(now.Add(time.Hour)), Judged: true}
	want := strings.Join([]string{"agent", "host", "kind", "profile", "provider", "source"}, ",")
	for _, g := range collect(t, snapshotOf(p)) {
		got := strings.Join(sortedKeys(g.labels), ",")
		switch g.name {
		case DeadlineName, InUseName:
			if got != want {
				t.Errorf("%s labels %s, want %s", g.name, got, want)
			}
		case StateName:
			if got != want+",state" {
				t.Errorf("%s labels %s, want %s,state", g.name, got, want)
			}
		}
	}
}

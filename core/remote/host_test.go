package remote

import (
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

func TestHostLifecycle(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 14, 2, 0, 0, time.UTC)
	pol := profile.Policy{Now: t0, Zone: time.UTC}
	h := Host{Remote: vps}

	// Never reached: no rows, unreachable row after a failure.
	h.Unreachable("ssh: connect to host vps.example.net port 22: Connection timed out", t0)
	rows, ph := h.Rows(t0, pol)
	if len(rows) != 1 || rows[0].State != profile.Unreachable || !rows[0].Judged {
		t.Fatalf("rows = %+v", rows)
	}
	if want := "unreachable since 14:02: ssh: connect to host"; !strings.HasPrefix(rows[0].Message, want) {
		t.Errorf("message %q, want prefix %q", rows[0].Message, want)
	}
	if ph.Reachable || ph.SnapshotAt != nil || ph.Error == "" {
		t.Errorf("host = %+v", ph)
	}
	if profile.ExitCode(profile.Worst(rows)) != 1 {
		t.Error("an unreachable host must fail --check")
	}

	// A live watch session: rows current, age 0.
	t1 := t0.Add(time.Minute)
	h.Update([]profile.Profile{{ID: "a", Host: "vps", State: profile.OK, Judged: true}}, ViaWatch, true, t1)
	rows, ph = h.Rows(t1.Add(10*time.Minute), pol)
	if len(rows) != 1 || !ph.Reachable || *ph.AgeSeconds != 0 || ph.Via != ViaWatch {
		t.Fatalf("live: rows %+v host %+v", rows, ph)
	}

	// The session drops at t2: the rows stay, unjudged, with their age; one
	// unreachable row is judged.
	t2 := t1.Add(20 * time.Minute)
	h.Unreachable("session ended", t2)
	h.Unreachable("ssh: connect to host vps.example.net port 22: Connection refused", t2.Add(time.Minute))
	rows, ph = h.Rows(t2.Add(5*time.Minute), pol)
	if len(rows) != 2 || rows[0].Judged || !strings.Contains(rows[0].Note, "5 m ago") {
		t.Fatalf("stale rows = %+v", rows)
	}
	if !strings.Contains(rows[1].Message, "since 14:23") {
		t.Errorf("outage start must stay at the first failure: %q", rows[1].Message)
	}
	if *ph.AgeSeconds != 300 || ph.Reachable {
		t.Errorf("host = %+v", ph)
	}

	// Reachable but unreadable output is an error row, not unreachable.
	h.Failed("host runs an incompatible authtray (schema 2)", t2.Add(6*time.Minute))
	rows, _ = h.Rows(t2.Add(6*time.Minute), pol)
	if last := rows[len(rows)-1]; last.State != profile.Error || !strings.Contains(last.Message, "unreadable since 14:29: host runs an incompatible authtray (schema 2)") {
		t.Errorf("error row = %+v", last)
	}
}

func TestHostCleansReason(t *testing.T) {
	h := Host{Remote: vps}
	h.Failed("bad\x1b[31m output\x1b]0;x\x07", time.Now())
	_, ph := h.Rows(time.Now(), profile.Policy{Now: time.Now()})
	if ph.Error != "bad output" {
		t.Errorf("error = %q", ph.Error)
	}
}

func TestBackoff(t *testing.T) {
	b := Backoff{Min: time.Second, Max: 10 * time.Second}
	var got []time.Duration
	for range 6 {
		got = append(got, b.Next())
	}
	want := []time.Duration{1, 2, 4, 8, 10, 10}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Fatalf("waits %v", got)
		}
	}
	b.Reset()
	if b.Next() != time.Second {
		t.Error("Reset did not start over")
	}
}

// TestHostRejudgesPolledRows: rows no live session keeps current are judged
// again at each snapshot with the local clock: a deadline that passed since
// the poll moves them on (never back), and the host's verdict on everything
// else stays.
func TestHostRejudgesPolledRows(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := t0.Add(d); return &v }
	rows := []profile.Profile{
		{ID: "gw:expiring", Kind: profile.Token, State: profile.Expiring, ExpiresAt: at(2 * time.Hour), Judged: true},
		{ID: "gw:ok", Kind: profile.OAuth, State: profile.OK, ExpiresAt: at(30 * time.Hour), Judged: false},
		{ID: "gw:missing", Kind: profile.Token, State: profile.Missing, Judged: true},
		// From a host's authtray: a refreshable login, access token past.
		{ID: "claude", Kind: profile.OAuth, State: profile.OK, Refreshable: true, ExpiresAt: at(-time.Hour), LoginEndsAt: at(20 * 24 * time.Hour), Message: "Access token refreshes on next use", Judged: true},
	}
	h := Host{Remote: vps}
	h.Update(rows, ViaGateway, false, t0)
	state := func(now time.Time) map[string]profile.Profile {
		got, _ := h.Rows(now, profile.Policy{Now: now, Zone: time.UTC, Warn: 24 * time.Hour})
		m := map[string]profile.Profile{}
		for _, p := range got {
			m[p.ID] = p
		}
		return m
	}
	m := state(t0)
	if m["gw:expiring"].State != profile.Expiring || m["gw:ok"].State != profile.OK {
		t.Fatalf("at the poll: %+v", m)
	}
	m = state(t0.Add(7 * time.Hour)) // gw:ok now 23 h from its expiry
	if p := m["gw:ok"]; p.State != profile.Expiring || p.Judged || !strings.HasSuffix(p.Message, "· not in use") {
		t.Errorf("gw:ok 7 h later = %+v", p)
	}
	m = state(t0.Add(2*time.Hour + time.Minute))
	if p := m["gw:expiring"]; p.State != profile.Expired || !p.Judged || !strings.HasPrefix(p.Message, "Expired 1 m ago") {
		t.Errorf("gw:expiring after its expiry = %+v", p)
	}
	if p := m["gw:missing"]; p.State != profile.Missing {
		t.Errorf("gw:missing = %+v", p)
	}
	if p := m["claude"]; p.State != profile.OK || p.Message != "Access token refreshes on next use" {
		t.Errorf("refreshable login = %+v", p)
	}
	if p := state(t0.Add(20*24*time.Hour + time.Minute))["claude"]; p.State != profile.Expired {
		t.Errorf("login past its end = %+v", p)
	}
	// The stored rows are the host's, unchanged: a later poll starts over.
	if h.rows[0].State != profile.Expiring {
		t.Errorf("stored row changed: %+v", h.rows[0])
	}

	// A host whose clock (or window) disagrees at the read keeps its
	// verdict: only a deadline crossed since the read moves a row.
	skew := Host{Remote: vps}
	skew.Update([]profile.Profile{{ID: "gw:skew", Kind: profile.Token, State: profile.Expiring, ExpiresAt: at(-time.Hour), Judged: true}}, ViaGateway, false, t0)
	if got, _ := skew.Rows(t0.Add(time.Minute), profile.Policy{Now: t0.Add(time.Minute), Zone: time.UTC}); got[0].State != profile.Expiring {
		t.Errorf("a verdict the local clock disagreed with at the read = %+v", got[0])
	}

	// A live session's rows are the host's own, current verdict.
	h.Update(rows, ViaWatch, true, t0)
	if p := state(t0.Add(3 * time.Hour))["gw:expiring"]; p.State != profile.Expiring {
		t.Errorf("live row re-judged: %+v", p)
	}
}

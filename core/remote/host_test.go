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

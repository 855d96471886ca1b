package sshx

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
)

// TestWatchSilentHost: ssh connects and the far side never sends a line.
// After the answer timeout the host is unreachable, with its own judged
// row (so the verdict says so), exactly as a one-shot status read says;
// a host that answers late is reachable again.
func TestWatchSilentHost(t *testing.T) {
	for _, tt := range []struct {
		name, watch string
	}{
		{"silent", "exec sleep 600"},
		{"silent, reading stdin", "exec cat"},
		{"output closed, running on", "exec sleep 600 >/dev/null"},
		{"output without a newline", "printf '{\"schema\":1'; exec sleep 600"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := fakeSSHWatch(t, tt.watch, "", "", "")
			w := NewWatcher(c, []Target{target}, WatchConfig{Policy: func() profile.Policy { return policy }, Poll: time.Hour,
				AnswerTimeout: 200 * time.Millisecond, Backoff: remote.Backoff{Min: time.Hour, Max: time.Hour}})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { w.Run(ctx); close(done) }()
			defer func() { cancel(); <-done }()
			rows, hosts := waitRows(t, w, func(rows []profile.Profile) bool { return len(rows) > 0 })
			want := "unreachable since 10:00: no answer from the host within 200ms"
			if len(rows) != 1 || rows[0].State != profile.Unreachable || !rows[0].Judged || rows[0].Message != want {
				t.Fatalf("rows %+v, want one judged %q", rows, want)
			}
			if hosts[0].Reachable || hosts[0].Error == "" {
				t.Errorf("host %+v", hosts[0])
			}
			if st := profile.Worst(rows); st != profile.Unreachable {
				t.Errorf("verdict %s, want unreachable", st)
			}
		})
	}
}

// A host that answers slowly but within the timeout is read as usual.
func TestWatchSlowHost(t *testing.T) {
	c := fakeSSHWatch(t, "sleep 0.3; "+liveHost, "", "", "")
	w := NewWatcher(c, []Target{target}, WatchConfig{Policy: func() profile.Policy { return policy }, Poll: time.Hour,
		AnswerTimeout: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	rows, hosts := waitRows(t, w, func(rows []profile.Profile) bool { return len(rows) > 0 })
	if len(rows) != 1 || rows[0].State != profile.OK || !hosts[0].Reachable {
		t.Fatalf("rows %+v hosts %+v", rows, hosts)
	}
}

// waitRows waits up to 10 s for the watcher's rows to satisfy ok.
func waitRows(t *testing.T, w *Watcher, ok func([]profile.Profile) bool) ([]profile.Profile, []profile.Host) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		rows, hosts := w.Snapshot()
		if ok(rows) {
			return rows, hosts
		}
		select {
		case <-w.Changed():
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			var msgs []string
			for _, r := range rows {
				msgs = append(msgs, r.Message)
			}
			t.Fatalf("no rows in time: %s", strings.Join(msgs, "; "))
		}
	}
}

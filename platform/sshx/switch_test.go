package sshx

import (
	"context"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
)

// liveHost answers `authtray watch` with one snapshot, then holds the
// session open until its stdin closes, as --until-eof does.
const liveHost = `printf '%s\n' '{"schema":1,"checkedAt":"2026-11-24T09:59:00Z","profiles":[{"id":"ANTHROPIC_API_KEY","source":"env","kind":"api_key","state":"ok","judged":true}]}'; exec cat`

func TestSwitch(t *testing.T) {
	c := fakeSSHWatch(t, liveHost, "", "", "")
	watcher := func(names ...string) *Watcher {
		return NewWatcher(c, targets(names...), WatchConfig{Policy: func() profile.Policy { return policy }, Poll: time.Hour,
			Backoff: remote.Backoff{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond}})
	}
	s := NewSwitch(context.Background())
	hostsNow := func() []string {
		_, hs := s.Snapshot()
		var out []string
		for _, h := range hs {
			if h.Reachable {
				out = append(out, h.Name)
			}
		}
		return out
	}
	waitHosts := func(want ...string) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for {
			got := hostsNow()
			if len(got) == len(want) && (len(want) == 0 || got[0] == want[0]) {
				return
			}
			select {
			case <-s.Changed():
			case <-time.After(20 * time.Millisecond):
			case <-deadline:
				t.Fatalf("reachable hosts %v, want %v", got, want)
			}
		}
	}

	if rows, hosts := s.Snapshot(); rows != nil || hosts != nil {
		t.Fatalf("empty switch: %v %v", rows, hosts)
	}
	first := watcher("a")
	s.Set(first, "a")
	waitHosts("a")
	s.Set(watcher("a"), "a") // same hosts: keeps the running watcher
	s.mu.Lock()
	kept := s.w == first
	s.mu.Unlock()
	if !kept {
		t.Error("Set with the same key replaced the watcher")
	}
	s.Set(watcher("b"), "b")
	waitHosts("b")
	if rows, _ := s.Snapshot(); len(rows) != 1 || rows[0].Host != "b" {
		t.Errorf("rows after the switch: %+v", rows)
	}
	s.Set(nil, "")
	waitHosts()

	done := make(chan struct{})
	go func() { s.Stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not return within 5s: a session outlived its watcher")
	}
}

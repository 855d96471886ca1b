package sshx

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/core/sshdest"
)

// counting is a shell snippet for a fake ssh: it marks itself busy in dir
// for a moment (as a connecting ssh is), logs how many are busy, and
// unmarks itself before then.
func counting(dir string) string {
	return fmt.Sprintf(`touch %[1]s/busy.$$; ls %[1]s | grep -c '^busy' >>%[1]s/log; sleep 0.2; rm %[1]s/busy.$$; `, dir)
}

// maxBusy is the most fake ssh processes that saw each other busy.
func maxBusy(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "log"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range strings.Fields(string(b)) {
		v, _ := strconv.Atoi(f)
		n = max(n, v)
	}
	return n
}

// manyTargets are n hosts, h0 to h<n-1>.
func manyTargets(n int) []Target {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprint("h", i)
	}
	return targets(names...)
}

// targets are the hosts of these names, each at <name>.example.net.
func targets(names ...string) []Target {
	ts := make([]Target, len(names))
	for i, n := range names {
		ts[i] = TargetOf(settings.Host{Name: n, Destination: sshdest.MustParse(n + ".example.net")})
	}
	return ts
}

// TestReadAllBounded: status over many hosts runs at most MaxParallel ssh
// processes at once (it started one per host), and reads them all.
func TestReadAllBounded(t *testing.T) {
	const hosts = 5 * MaxParallel
	dir := t.TempDir()
	c := fakeSSH(t, counting(dir)+`echo '{"schema":1,"checkedAt":"2026-11-24T09:59:00Z","profiles":[]}'`, "", "")
	start := time.Now()
	_, hs := c.ReadAll(context.Background(), manyTargets(hosts), clock, policy)
	took := time.Since(start)
	reachable := 0
	for _, h := range hs {
		if h.Reachable {
			reachable++
		}
	}
	busy := maxBusy(t, dir)
	t.Logf("%d hosts: at most %d ssh at once, %v", hosts, busy, took.Round(time.Millisecond))
	if reachable != hosts {
		t.Errorf("%d of %d hosts read", reachable, hosts)
	}
	if busy > MaxParallel || busy < 2 {
		t.Errorf("%d ssh processes at once, want 2 to %d", busy, MaxParallel)
	}
}

// TestWatcherConnectsBounded: the watcher starts at most MaxParallel
// sessions at once; a session that has sent its first snapshot gives its
// slot to the next, so every host is watched live.
func TestWatcherConnectsBounded(t *testing.T) {
	const hosts = 4 * MaxParallel
	dir := t.TempDir()
	c := fakeSSHWatch(t, counting(dir)+liveHost, "", "", "")
	w := NewWatcher(c, manyTargets(hosts), WatchConfig{Policy: func() profile.Policy { return policy }, Poll: time.Hour,
		Backoff: remote.Backoff{Min: time.Hour, Max: time.Hour}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitRows(t, w, func(rows []profile.Profile) bool { return len(rows) == hosts })
	_, hs := w.Snapshot()
	for _, h := range hs {
		if !h.Reachable || h.Via != remote.ViaWatch {
			t.Fatalf("host %+v not watched live", h)
		}
	}
	if busy := maxBusy(t, dir); busy > MaxParallel || busy < 2 {
		t.Errorf("%d sessions starting at once, want 2 to %d", busy, MaxParallel)
	}
}

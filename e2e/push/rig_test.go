package pushe2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/internal/e2efixture"
	"github.com/authtray/authtray/internal/syncbuf"
)

// request is one request a receiver got, whole: what a push service would
// store and show.
type request struct {
	Path, Header, Body string
}

func (r request) String() string { return r.Path + "\n" + r.Header + "\n" + r.Body }

// receiver is a loopback HTTP server standing for a push service. ntfy
// answers as an ntfy server does (JSON); fail is how many requests get a
// 500 first.
type receiver struct {
	srv  *httptest.Server
	mu   sync.Mutex
	got  []request
	fail int
}

func newReceiver(t *testing.T, ntfy bool, fail int) *receiver {
	t.Helper()
	rc := &receiver{fail: fail}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var h strings.Builder
		r.Header.Write(&h)
		rc.mu.Lock()
		rc.got = append(rc.got, request{r.URL.RequestURI(), h.String(), string(b)})
		failing := rc.fail > 0
		rc.fail--
		rc.mu.Unlock()
		if failing {
			http.Error(w, "try again later", http.StatusInternalServerError)
			return
		}
		if ntfy {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"id":"e2e%d","time":%d,"event":"message","topic":"alerts"}`, len(rc.got), time.Now().Unix())
		}
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) host() string { return strings.TrimPrefix(rc.srv.URL, "http://") }

// ntfyURL and hookURL are the push URLs for this receiver.
func (rc *receiver) ntfyURL() string { return "ntfy://" + rc.host() + "/alerts?scheme=http" }
func (rc *receiver) hookURL() string { return "generic+http://" + rc.host() + "/hook?template=json" }

func (rc *receiver) requests() []request {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]request(nil), rc.got...)
}

// waitN waits until the receiver has n requests.
func (rc *receiver) waitN(t *testing.T, n int, limit time.Duration) []request {
	t.Helper()
	e2efixture.WaitFor(t, limit, fmt.Sprintf("%d requests at %s", n, rc.host()), func() bool { return len(rc.requests()) >= n })
	return rc.requests()
}

// watch is a running `authtray watch --json`.
type watch struct {
	cmd            *exec.Cmd
	stdout, stderr *syncbuf.Buffer
	done           chan struct{}
}

// startWatch runs `authtray watch --json` on home with these push targets
// and waits for its first snapshot; it is stopped when the test ends.
func startWatch(t *testing.T, home string, targets []string, extraEnv ...string) *watch {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	w := &watch{stdout: &syncbuf.Buffer{}, stderr: &syncbuf.Buffer{}, done: make(chan struct{})}
	w.cmd = exec.Command(authtray, "watch", "--json")
	w.cmd.Env = e2efixture.Env(home, append(extraEnv, "AUTHTRAY_PUSH="+strings.Join(targets, "\n"))...)
	w.cmd.Stdout, w.cmd.Stderr = w.stdout, w.stderr
	w.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = w.cmd.Wait(); close(w.done) }()
	t.Cleanup(func() {
		w.stop(t)
		if t.Failed() {
			t.Logf("authtray watch (pid %d) stderr:\n%s", w.cmd.Process.Pid, w.stderr)
		}
	})
	e2efixture.WaitFor(t, 30*time.Second, "watch's first snapshot", func() bool { return len(w.snapshots(t)) > 0 })
	return w
}

// stop ends watch as a service manager does (SIGTERM).
func (w *watch) stop(t *testing.T) {
	_ = syscall.Kill(-w.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
		<-w.done
		t.Errorf("authtray watch did not stop on SIGTERM")
	}
}

// snapshots are the snapshots watch printed so far.
func (w *watch) snapshots(t *testing.T) []profile.Snapshot {
	t.Helper()
	var out []profile.Snapshot
	for _, line := range strings.Split(w.stdout.String(), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var s profile.Snapshot
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			continue // a line still being written
		}
		out = append(out, s)
	}
	return out
}

// settle is how long a test waits to see that nothing more is sent: a
// loopback receiver gets a push within milliseconds of the snapshot.
const settle = 3 * time.Second

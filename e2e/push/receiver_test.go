package pushe2e

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/e2efixture"
)

// alertOf is what a request says: the threshold and state, from the ntfy
// body's facts line or the webhook's JSON.
func alertOf(t *testing.T, r request) (state string) {
	t.Helper()
	if strings.HasPrefix(r.Path, "/hook") {
		var m map[string]string
		if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
			t.Fatalf("webhook body %q: %v", r.Body, err)
		}
		if m["profile"] != profileID || m["agent"] != "main" || m["title"] == "" || !strings.Contains(m["message"], profileID) {
			t.Errorf("webhook JSON lacks the profile, agent or title: %v", m)
		}
		return m["threshold"] + " " + m["state"]
	}
	if !strings.Contains(r.Body, "profile "+profileID+" · agent main") || !strings.Contains(r.Header, "Title: ") {
		t.Errorf("ntfy request lacks the profile, agent or title:\n%s", r)
	}
	for _, f := range strings.Split(r.Body, " · ") {
		if s, ok := strings.CutPrefix(f, "state "); ok {
			return s
		}
	}
	t.Errorf("ntfy body has no state: %q", r.Body)
	return ""
}

// Each threshold reaches each target once, a restart sends nothing again,
// and a renewal is said once; no request holds a byte of a token.
func TestOncePerThresholdThroughRestartAndRenewal(t *testing.T) {
	t.Parallel()
	// The warn window (1 d) has begun; the 1 h threshold passes 6 s in.
	f := newFixture(t, time.Hour+6*time.Second)
	ntfy, hook := newReceiver(t, true, 0), newReceiver(t, false, 0)
	targets := []string{ntfy.ntfyURL(), hook.hookURL()}
	w := startWatch(t, f.home, targets)

	ntfy.waitN(t, 1, 20*time.Second)
	hook.waitN(t, 1, 20*time.Second)
	if got := alertOf(t, ntfy.requests()[0]); got != "expiring" {
		t.Errorf("ntfy's first alert says %q, want the state expiring", got)
	}
	if got := alertOf(t, hook.requests()[0]); got != "1d expiring" {
		t.Errorf("the webhook's first alert is %q, want 1d expiring", got)
	}
	ntfy.waitN(t, 2, 30*time.Second)
	hook.waitN(t, 2, 30*time.Second)
	if got := alertOf(t, hook.requests()[1]); got != "1h expiring" {
		t.Errorf("the webhook's second alert is %q, want 1h expiring", got)
	}
	time.Sleep(settle)
	w.stop(t)

	// A restart: the ledgers say both were sent.
	w2 := startWatch(t, f.home, targets)
	time.Sleep(settle)
	for _, rc := range []*receiver{ntfy, hook} {
		if n := len(rc.requests()); n != 2 {
			t.Fatalf("%s got %d requests by now, want 2 (one per threshold, none after the restart)", rc.host(), n)
		}
	}

	f.renew(t)
	for _, rc := range []*receiver{ntfy, hook} {
		rs := rc.waitN(t, 3, 20*time.Second)
		if got := alertOf(t, rs[2]); !strings.HasSuffix(got, "ok") {
			t.Errorf("%s: the alert after the renewal is %q, want a renewed one (state ok)", rc.host(), got)
		}
		if !strings.Contains(rs[2].Body, "renewed") {
			t.Errorf("the renewal does not say renewed: %q", rs[2].Body)
		}
	}
	time.Sleep(settle)
	for _, rc := range []*receiver{ntfy, hook} {
		rs := rc.requests()
		if len(rs) != 3 {
			t.Errorf("%s got %d requests, want 3", rc.host(), len(rs))
		}
		for _, r := range rs {
			f.noLeak(t, "a push request", r.String())
		}
	}
	f.noLeak(t, "watch's output", w.stdout.String()+w.stderr.String()+w2.stdout.String()+w2.stderr.String())
}

// A target that answers 500 is retried with backoff (30 s, then about a
// minute) until it takes the alert, once; meanwhile the snapshot says so
// in one sentence, without the target's URL.
func TestRetriedAfter500(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 5*time.Hour)
	hook := newReceiver(t, false, 2)
	const secretPath = "/hook/k7Q2mZ9xR4vT8wB3nY6p"
	url := "generic+http://" + hook.host() + secretPath + "?template=json"
	w := startWatch(t, f.home, []string{url})

	hook.waitN(t, 1, 20*time.Second)
	var note string
	e2efixture.WaitFor(t, 10*time.Second, "a note about the failing target", func() bool {
		ss := w.snapshots(t)
		for _, n := range ss[len(ss)-1].Notes {
			if strings.HasPrefix(n, "push target env-1 ") {
				note = n
				return true
			}
		}
		return false
	})
	want := "push target env-1 (generic, " + hook.host() + ") failed: HTTP 500 Internal Server Error; retrying in "
	if !strings.HasPrefix(note, want) {
		t.Errorf("note %q, want it to start %q", note, want)
	}
	start := time.Now()
	rs := hook.waitN(t, 3, 150*time.Second)
	if took := time.Since(start); took < 30*time.Second {
		t.Errorf("two retries within %v: no backoff", took)
	}
	if got := alertOf(t, rs[2]); got != "1d expiring" {
		t.Errorf("the delivered alert is %q, want 1d expiring", got)
	}
	e2efixture.WaitFor(t, 10*time.Second, "the note gone once delivered", func() bool {
		ss := w.snapshots(t)
		return len(ss[len(ss)-1].Notes) == 0
	})
	time.Sleep(settle)
	if n := len(hook.requests()); n != 3 {
		t.Errorf("%d requests, want 3 (two refused, one delivered)", n)
	}
	all := w.stdout.String() + w.stderr.String()
	if strings.Contains(all, secretPath[6:]) {
		t.Errorf("watch's output holds the target's URL path")
	}
	f.noLeak(t, "watch's output", all)
}

// Two authtrays of one user (a tray and a watch service; here two watch
// processes): one sends, the other says who does and takes over when it
// stops.
func TestOnePusherPerUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 5*time.Hour)
	ntfy := newReceiver(t, true, 0)
	targets := []string{ntfy.ntfyURL()}
	first := startWatch(t, f.home, targets)
	ntfy.waitN(t, 1, 20*time.Second)
	second := startWatch(t, f.home, targets)
	e2efixture.WaitFor(t, 10*time.Second, "the second saying who pushes", func() bool {
		return strings.Contains(second.stderr.String(), "push is sent by the other authtray (pid ")
	})
	if want := "(pid " + itoa(first.cmd.Process.Pid) + ")"; !strings.Contains(second.stderr.String(), want) {
		t.Errorf("the second's log does not name the first %s:\n%s", want, second.stderr)
	}
	time.Sleep(settle)
	if n := len(ntfy.requests()); n != 1 {
		t.Fatalf("%d requests with two authtrays running, want 1", n)
	}

	first.stop(t)
	e2efixture.WaitFor(t, 10*time.Second, "the second taking over", func() bool {
		return strings.Contains(second.stderr.String(), "push is sent from here now")
	})
	time.Sleep(settle)
	if n := len(ntfy.requests()); n != 1 {
		t.Fatalf("the take-over re-sent: %d requests, want 1", n)
	}
	f.renew(t)
	rs := ntfy.waitN(t, 2, 20*time.Second)
	if got := alertOf(t, rs[1]); got != "ok" {
		t.Errorf("after the renewal: state %q, want ok (renewed)", got)
	}
	time.Sleep(settle)
	if n := len(ntfy.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
func itoa(n int) string { return strconv.Itoa(n) }

package push

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
)

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// fakeSender records each payload per URL; fail[url] is how many sends to
// it fail before one goes through.
type fakeSender struct {
	mu   sync.Mutex
	got  map[string][]Payload
	fail map[string]int
	// block, when set, holds every send until closed.
	block chan struct{}
}

func newFakeSender() *fakeSender {
	return &fakeSender{got: map[string][]Payload{}, fail: map[string]int{}}
}

func (f *fakeSender) Send(ctx context.Context, url string, p Payload) error {
	if f.block != nil {
		<-f.block
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail[url] > 0 {
		f.fail[url]--
		return errors.New("HTTP 500 Internal Server Error")
	}
	f.got[url] = append(f.got[url], p)
	return nil
}

func (f *fakeSender) Describe(url string) string {
	return "fake, " + strings.TrimPrefix(url, "fake://")
}

func (f *fakeSender) take(url string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, p := range f.got[url] {
		out = append(out, p.Threshold+" "+p.Profile+" "+string(p.State))
	}
	delete(f.got, url)
	return out
}

type memStore struct {
	mu      sync.Mutex
	b       []byte
	saveErr error // every Save fails with it, when set
}

func (m *memStore) Load() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.b == nil {
		return nil, fs.ErrNotExist
	}
	return m.b, nil
}

func (m *memStore) Save(b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.saveErr != nil {
		return m.saveErr
	}
	m.b = append([]byte(nil), b...)
	return nil
}

// rig is a Pusher with a fake sender, clock and timer, whose every attempt
// is reported on attempts.
type rig struct {
	t        *testing.T
	now      time.Time
	sender   *fakeSender
	stores   map[string]*memStore
	p        *Pusher
	attempts chan string // "name: err"
	delays   chan time.Duration
	fire     chan time.Time // the timer After returns
	notes    chan struct{}
	logs     chan string
}

func newRig(t *testing.T, sender *fakeSender, stores map[string]*memStore) *rig {
	r := &rig{t: t, now: t0, sender: sender, stores: stores,
		attempts: make(chan string, 100), delays: make(chan time.Duration, 100),
		fire: make(chan time.Time), notes: make(chan struct{}, 100), logs: make(chan string, 100)}
	var mu sync.Mutex
	r.p = New(Config{
		Sender: sender,
		Ledger: func(name string) alert.Store {
			mu.Lock()
			defer mu.Unlock()
			if stores[name] == nil {
				stores[name] = &memStore{}
			}
			return stores[name]
		},
		Alert:   alert.Config{Now: func() time.Time { return r.now }, Zone: time.UTC},
		Machine: "laptop",
		After:   func(d time.Duration) <-chan time.Time { r.delays <- d; return r.fire },
		Rand:    func() float64 { return 0.5 }, // no jitter
		Changed: func() { r.notes <- struct{}{} },
		Logf:    func(f string, args ...any) { r.logs <- fmt.Sprintf(f, args...) },
	})
	r.p.attempted = func(tg Target, err error) {
		s := tg.Name + ": ok"
		if err != nil {
			s = tg.Name + ": " + err.Error()
		}
		r.attempts <- s
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	r.p.Start(ctx)
	return r
}

// expect waits for the next attempts (in any order).
func (r *rig) expect(want ...string) {
	r.t.Helper()
	got := map[string]int{}
	for range want {
		select {
		case a := <-r.attempts:
			got[a]++
		case <-time.After(10 * time.Second):
			r.t.Fatalf("attempts: got %v, want %q", got, want)
		}
	}
	for _, w := range want {
		if got[w] == 0 {
			r.t.Fatalf("attempts: got %v, want %q", got, want)
		}
		got[w]--
	}
}

func (r *rig) update(ps ...profile.Profile) {
	s := profile.Snapshot{Profiles: ps}
	s.Finish(profile.Policy{Now: r.now, Zone: time.UTC})
	r.p.Update(s)
}

func token(fp string, left time.Duration) profile.Profile {
	return profile.Profile{
		ID: "anthropic:manual", Provider: "anthropic", Kind: profile.Token, Source: profile.Gateway,
		Location: "/s/agents/main/agent/auth-profiles.json", Agent: "main",
		ExpiresAt: profile.Time(t0.Add(left)), Judged: true, Fingerprint: fp, Fix: "claude setup-token",
	}
}

var phone, hook = Target{"phone", "fake://ntfy.example.com/t"}, Target{"hook", "fake://hooks.example.com/h"}

func TestOncePerThresholdPerTarget(t *testing.T) {
	stores := map[string]*memStore{}
	r := newRig(t, newFakeSender(), stores)
	r.p.SetTargets([]Target{phone, hook})
	r.update(token("fp1", 5*time.Hour))
	r.expect("phone: ok", "hook: ok")
	for _, tg := range []Target{phone, hook} {
		if got := r.sender.take(tg.URL); len(got) != 1 || got[0] != "1d anthropic:manual expiring" {
			t.Errorf("%s got %q, want one 1d alert", tg.Name, got)
		}
	}
	r.now = t0.Add(10 * time.Minute)
	r.update(token("fp1", 5*time.Hour))
	r.expect("phone: ok", "hook: ok")
	if got := r.sender.take(phone.URL); got != nil {
		t.Errorf("the same threshold again: sent %q", got)
	}
	r.now = t0.Add(4*time.Hour + time.Minute)
	r.update(token("fp1", 5*time.Hour))
	r.expect("phone: ok", "hook: ok")
	for _, tg := range []Target{phone, hook} {
		if got := r.sender.take(tg.URL); len(got) != 1 || got[0] != "1h anthropic:manual expiring" {
			t.Errorf("the 1 h threshold: %s got %q", tg.Name, got)
		}
	}
	// Renewed: one "renewed", with the profile.
	r.update(token("fp2", 30*24*time.Hour))
	r.expect("phone: ok", "hook: ok")
	if got := r.sender.take(phone.URL); len(got) != 1 || got[0] != "renewed anthropic:manual ok" {
		t.Errorf("renewed: got %q", got)
	}

	// A restart (a new Pusher on the same ledgers) sends nothing again.
	r2 := newRig(t, r.sender, stores)
	r2.now = r.now
	r2.p.SetTargets([]Target{phone, hook})
	r2.update(token("fp2", 30*24*time.Hour))
	r2.expect("phone: ok", "hook: ok")
	if got := r.sender.take(phone.URL); got != nil {
		t.Errorf("after a restart: sent %q", got)
	}
}

func TestTargetAddedLaterGetsWhatIsCurrentOnce(t *testing.T) {
	r := newRig(t, newFakeSender(), map[string]*memStore{})
	r.p.SetTargets([]Target{phone})
	r.update(token("fp1", 30*time.Minute))
	r.expect("phone: ok")
	r.sender.take(phone.URL)
	r.p.SetTargets([]Target{phone, hook})
	r.expect("phone: ok", "hook: ok")
	if got := r.sender.take(hook.URL); len(got) != 1 || got[0] != "1h anthropic:manual expiring" {
		t.Errorf("the new target got %q, want the current alert once", got)
	}
	if got := r.sender.take(phone.URL); got != nil {
		t.Errorf("the old target got %q again", got)
	}
}

func TestFailingTargetIsRetriedWithBackoff(t *testing.T) {
	s := newFakeSender()
	s.fail[phone.URL] = 2
	r := newRig(t, s, map[string]*memStore{})
	r.p.SetTargets([]Target{phone, hook})
	r.update(token("fp1", 5*time.Hour))
	r.expect("phone: HTTP 500 Internal Server Error", "hook: ok")
	if d := <-r.delays; d != 30*time.Second {
		t.Errorf("first retry in %v, want 30s", d)
	}
	<-r.notes
	want := "push target phone (fake, ntfy.example.com/t) failed: HTTP 500 Internal Server Error; retrying in 30 s"
	if n := r.p.Notes(); len(n) != 1 || n[0] != want {
		t.Errorf("notes %q, want %q", n, want)
	}
	// Snapshots during the backoff wait for the retry.
	r.update(token("fp1", 5*time.Hour))
	r.expect("hook: ok")
	r.fire <- t0
	r.expect("phone: HTTP 500 Internal Server Error")
	if d := <-r.delays; d != time.Minute {
		t.Errorf("second retry in %v, want 1m", d)
	}
	<-r.notes
	r.fire <- t0
	r.expect("phone: ok")
	<-r.notes
	if n := r.p.Notes(); len(n) != 0 {
		t.Errorf("notes after delivery: %q", n)
	}
	if got := s.take(phone.URL); len(got) != 1 {
		t.Errorf("delivered %q, want the alert once", got)
	}
	if got := s.take(hook.URL); len(got) != 1 {
		t.Errorf("the healthy target got %q, want the alert once", got)
	}
}

// A target that hangs holds up neither Update nor the other targets.
// TestLedgerProblemsAreLogged: a target whose ledger cannot be saved gets a
// line naming it (it would repeat its alerts after a restart), while a
// failed send is the worker's one sentence, never a second line from the
// alerter.
func TestLedgerProblemsAreLogged(t *testing.T) {
	s := newFakeSender()
	s.fail[hook.URL] = 1
	r := newRig(t, s, map[string]*memStore{"phone": {saveErr: errors.New("disk full")}})
	r.p.SetTargets([]Target{phone, hook})
	r.update(token("fp1", 5*time.Hour))
	r.expect("phone: ok", "hook: HTTP 500 Internal Server Error")
	<-r.notes // the hook's failure is noted (and logged) after its attempt
	want := map[string]bool{
		"push target phone: notifications: disk full":                                                           true,
		"push target hook (fake, hooks.example.com/h) failed: HTTP 500 Internal Server Error; retrying in 30 s": true,
	}
	for n := len(want); n > 0; n-- {
		select {
		case l := <-r.logs:
			if !want[l] {
				t.Errorf("log %q, want one of %v", l, want)
			}
			delete(want, l)
		case <-time.After(10 * time.Second):
			t.Fatalf("missing log lines %v", want)
		}
	}
	select {
	case l := <-r.logs:
		t.Errorf("a line more: %q", l)
	default:
	}
}

func TestUpdateNeverBlocks(t *testing.T) {
	s := newFakeSender()
	s.block = make(chan struct{})
	defer close(s.block)
	r := newRig(t, s, map[string]*memStore{})
	r.p.SetTargets([]Target{phone})
	done := make(chan struct{})
	go func() {
		for range 5 {
			r.update(token("fp1", 5*time.Hour))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Update blocked on a hanging target")
	}
}

func TestNothingIsSentBeforeStart(t *testing.T) {
	s := newFakeSender()
	p := New(Config{Sender: s, Ledger: func(string) alert.Store { return &memStore{} }})
	p.SetTargets([]Target{phone})
	snap := profile.Snapshot{Profiles: []profile.Profile{token("fp1", -time.Hour)}}
	snap.Finish(profile.Policy{Now: t0})
	p.Update(snap)
	var mu sync.Mutex
	attempts := make(chan error, 1)
	p.attempted = func(_ Target, err error) { mu.Lock(); attempts <- err; mu.Unlock() }
	select {
	case <-attempts:
		t.Fatal("sent before Start")
	default:
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.Start(ctx)
	if err := <-attempts; err != nil {
		t.Fatal(err)
	}
	if got := s.take(phone.URL); len(got) != 1 || got[0] != "expired anthropic:manual expired" {
		t.Errorf("after Start: %q", got)
	}
}

func TestBackoff(t *testing.T) {
	b := DefaultBackoff
	for _, tt := range []struct {
		n    int
		rand float64
		want time.Duration
	}{
		{1, 0.5, 30 * time.Second}, {2, 0.5, time.Minute}, {3, 0.5, 2 * time.Minute},
		{7, 0.5, 30 * time.Minute}, {100, 0.5, 30 * time.Minute},
		{1, 0, 24 * time.Second}, {1, 0.999999, 36*time.Second - time.Duration(0.000001*0.4*30e9)},
	} {
		if got := b.Delay(tt.n, tt.rand); got.Round(time.Millisecond) != tt.want.Round(time.Millisecond) {
			t.Errorf("Delay(%d, %v) = %v, want %v", tt.n, tt.rand, got, tt.want)
		}
	}
}

func TestPayloadText(t *testing.T) {
	m := alert.Message{State: profile.Expiring, Summary: "anthropic:manual expires in 1 h",
		Body: "anthropic:manual (agent main) expires in 1 h", Profile: token("fp", time.Hour), Threshold: "1h"}
	p := Compose(m, "laptop", t0)
	want := "anthropic:manual (agent main) expires in 1 h\n" +
		"fix: claude setup-token\n" +
		"profile anthropic:manual · agent main · host laptop · state expiring · 2026-03-10T09:00:00Z"
	if p.Text() != want {
		t.Errorf("Text:\n%s\nwant\n%s", p.Text(), want)
	}
	f := p.Fields()
	if f["profile"] != "anthropic:manual" || f["state"] != "expiring" || f["threshold"] != "1h" || f["host"] != "laptop" || f["fix"] != "claude setup-token" {
		t.Errorf("Fields %v", f)
	}
	// A "renewed" or an unreadable store has nothing to run.
	m.Threshold = alert.Renewed
	if p := Compose(m, "laptop", t0); p.Fix != "" || strings.Contains(p.Text(), "fix:") {
		t.Errorf("a renewal carries a fix: %q", p.Text())
	}
	m.Profile.Host = "me@gw"
	if got := Compose(m, "laptop", t0).Host; got != "me@gw" {
		t.Errorf("a remote profile's host: %q", got)
	}
}

func TestTestSendsToEachTarget(t *testing.T) {
	s := newFakeSender()
	s.fail[hook.URL] = 1
	rs := Test(context.Background(), s, []Target{phone, hook}, "laptop", t0)
	got := []string{rs[0].Sentence(), rs[1].Sentence()}
	want := []string{"push target phone (fake, ntfy.example.com/t): ok",
		"push target hook (fake, hooks.example.com/h) failed: HTTP 500 Internal Server Error"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d: %q, want %q", i, got[i], want[i])
		}
	}
	if p := s.got[phone.URL]; len(p) != 1 || !strings.Contains(p[0].Text(), "host laptop") {
		t.Errorf("test payload %+v", p)
	}
}

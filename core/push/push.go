package push

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
)

// Target is one place alerts go: the name the user gave it and its URL (in
// shoutrrr's format, or openclaw://CHANNEL/TARGET). The URL can hold a
// secret (a token, a private topic): it is only ever handed to the
// Sender, never shown.
type Target struct{ Name, URL string }

// Sender delivers payloads (platform/pushsend). It bounds each send in
// time itself. Its errors are shown to people: one short sentence, no URL,
// no secret.
type Sender interface {
	Send(ctx context.Context, url string, p Payload) error
	// Describe names the kind of target and its server, never a secret:
	// "ntfy, ntfy.example.com".
	Describe(url string) string
}

// Config is what a Pusher needs; Sender and Ledger are required.
type Config struct {
	Sender Sender
	// Ledger is the store of a target's ledger, by the target's name.
	Ledger func(name string) alert.Store
	// Alert is what every target's alerter is made with (clock, zone,
	// thresholds); its Sender and Store are set per target.
	Alert alert.Config
	// Machine names this machine: the host of a local profile.
	Machine string
	// Backoff is the retry schedule (default DefaultBackoff); After and
	// Rand are its timer and jitter (default time.After, math/rand).
	Backoff Backoff
	After   func(time.Duration) <-chan time.Time
	Rand    func() float64
	// Changed is called (on a target's goroutine) when Notes changed.
	Changed func()
	// Logf prints one-line problems (never a secret); may be nil.
	Logf func(format string, args ...any)
}

// Pusher sends each snapshot's alerts to every target. It implements
// core/live's Alerter: Update never blocks. It sends nothing until Start
// (the machine's one pusher is chosen by a lock first).
type Pusher struct {
	cfg Config

	mu   sync.Mutex
	ctx  context.Context // nil until Start
	last *profile.Snapshot
	// gen counts the snapshots and target changes, so a worker woken
	// twice for one of them runs once.
	gen     uint64
	workers []*worker

	// attempted, for tests, hears of each attempt's end (on the
	// target's goroutine).
	attempted func(t Target, err error)
}

// New returns a Pusher with no targets.
func New(cfg Config) *Pusher {
	if cfg.Backoff == (Backoff{}) {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if cfg.Changed == nil {
		cfg.Changed = func() {}
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Alert.Now == nil {
		cfg.Alert.Now = time.Now
	}
	return &Pusher{cfg: cfg}
}

// Update keeps s as the latest snapshot and wakes every target.
func (p *Pusher) Update(s profile.Snapshot) {
	p.mu.Lock()
	p.last = &s
	p.gen++
	ws := p.workers
	p.mu.Unlock()
	for _, w := range ws {
		w.wake()
	}
}

// Start begins sending, until ctx ends.
func (p *Pusher) Start(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ctx != nil {
		return
	}
	p.ctx = ctx
	for _, w := range p.workers {
		w.start(ctx)
	}
}

// SetTargets makes ts the targets: a new one starts (and gets what is
// current, once), a removed one stops, one whose URL changed starts again
// with its ledger. Names are unique; a repeated name is skipped.
func (p *Pusher) SetTargets(ts []Target) {
	p.mu.Lock()
	old := map[string]*worker{}
	for _, w := range p.workers {
		old[w.t.Name] = w
	}
	var next []*worker
	seen := map[string]bool{}
	for _, t := range ts {
		if t.Name == "" || t.URL == "" || seen[t.Name] {
			if seen[t.Name] {
				p.cfg.Logf("push target %s is listed twice; the first one is used", t.Name)
			}
			continue
		}
		seen[t.Name] = true
		if w, ok := old[t.Name]; ok && w.t.URL == t.URL {
			next = append(next, w)
			delete(old, t.Name)
			continue
		}
		w := p.newWorker(t)
		next = append(next, w)
		if p.ctx != nil {
			w.start(p.ctx)
		}
	}
	p.workers = next
	p.gen++ // thresholds and switches may have changed with the targets
	p.mu.Unlock()
	for _, w := range old {
		w.stop()
	}
	for _, w := range next {
		w.wake()
	}
	if len(old) > 0 {
		p.cfg.Changed()
	}
}

// Notes are the failing targets' sentences, in the targets' order.
func (p *Pusher) Notes() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, w := range p.workers {
		if w.note != "" {
			out = append(out, w.note)
		}
	}
	return out
}

func (p *Pusher) latest() (profile.Snapshot, uint64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.last == nil {
		return profile.Snapshot{}, p.gen, false
	}
	return *p.last, p.gen, true
}

// setNote records w's sentence and reports whether it changed.
func (p *Pusher) setNote(w *worker, note string) {
	p.mu.Lock()
	changed := w.note != note
	w.note = note
	p.mu.Unlock()
	if changed {
		p.cfg.Changed()
	}
}

// Failure is a target's one sentence: "push target phone (ntfy,
// ntfy.example.com) failed: HTTP 401; retrying in 4 m".
func Failure(name, desc string, err error, retry time.Duration) string {
	s := fmt.Sprintf("push target %s (%s) failed: %s", name, desc, strings.TrimSuffix(err.Error(), "."))
	if retry > 0 {
		s += "; retrying in " + span(retry)
	}
	return s
}

// span is a retry delay in words: "30 s", "4 m", "1 h 2 m".
func span(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	return profile.Span(d.Round(time.Minute))
}

package push

import (
	"context"
	"time"

	"github.com/authtray/authtray/core/alert"
)

// worker is one target: its alerter (and ledger) and the goroutine that
// runs it, so a slow or failing target holds up no other.
type worker struct {
	p    *Pusher
	t    Target
	desc string
	al   *alert.Alerter
	kick chan struct{}
	stop func()

	// ctx bounds the sends of the attempt under way; err is its first
	// failure (the worker's goroutine only).
	ctx context.Context
	err error

	note string // under p.mu
}

func (p *Pusher) newWorker(t Target) *worker {
	w := &worker{p: p, t: t, desc: p.cfg.Sender.Describe(t.URL), kick: make(chan struct{}, 1), stop: func() {}}
	cfg := p.cfg.Alert
	cfg.Sender, cfg.Store = w, p.cfg.Ledger(t.Name)
	// A failed send is the worker's one sentence, logged by it; the
	// ledger's problems are the alerter's, named for the target.
	cfg.SenderLogs = true
	cfg.Logf = func(format string, args ...any) {
		p.cfg.Logf("push target "+t.Name+": "+format, args...)
	}
	w.al = alert.New(cfg)
	return w
}

func (w *worker) wake() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

func (w *worker) start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	w.stop = cancel
	go w.run(ctx)
}

// Send is the alerter's Sender: the alert as a payload, to the target.
func (w *worker) Send(m alert.Message) error {
	err := w.p.cfg.Sender.Send(w.ctx, w.t.URL, Compose(m, w.p.cfg.Machine, w.p.cfg.Alert.Now()))
	if err != nil && w.err == nil {
		w.err = err
	}
	return err
}

// run sends what the latest snapshot calls for whenever one comes, and
// after a failure retries it on the backoff's schedule: snapshots that come
// meanwhile wait for the retry (which sends the latest), so a failing
// target is not hammered at every change.
func (w *worker) run(ctx context.Context) {
	w.ctx = ctx
	failures := 0
	var retry <-chan time.Time
	var done uint64 // the generation last run
	for {
		retrying := false
		select {
		case <-ctx.Done():
			return
		case <-w.kick:
			if retry != nil {
				continue
			}
		case <-retry:
			retry, retrying = nil, true
		}
		s, gen, ok := w.p.latest()
		if !ok || (gen == done && !retrying) {
			continue
		}
		done = gen
		w.err = nil
		w.al.Update(s)
		if ctx.Err() != nil {
			return // stopped mid-send: not the target's failure
		}
		if w.p.attempted != nil {
			w.p.attempted(w.t, w.err)
		}
		if w.err == nil {
			if failures > 0 {
				w.p.cfg.Logf("push target %s (%s) delivers again", w.t.Name, w.desc)
				w.p.setNote(w, "")
			}
			failures = 0
			continue
		}
		failures++
		d := w.p.cfg.Backoff.Delay(failures, w.p.cfg.Rand())
		retry = w.p.cfg.After(d)
		note := Failure(w.t.Name, w.desc, w.err, d)
		w.p.cfg.Logf("%s", note)
		w.p.setNote(w, note)
	}
}

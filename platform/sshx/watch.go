package sshx

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"golang.org/x/sync/semaphore"
)

// WatchConfig is what a Watcher needs besides its hosts.
type WatchConfig struct {
	// Policy is the judging policy at this moment (clock, warn window, zone).
	Policy func() profile.Policy
	// Poll is how often a host without authtray is read through the gateway
	// CLI (settings remote_poll; 15 min by default: it costs the host about
	// 1.5 s and 360 MB each time).
	Poll time.Duration
	// Backoff spaces reconnections; zero means remote.DefaultBackoff.
	Backoff remote.Backoff
	// AnswerTimeout is how long a session may go without its first
	// snapshot (ssh connecting, or connected to a far side that sends
	// nothing) before the host is unreachable and the session is ended;
	// zero means OneShotTimeout, the bound on a whole read by status.
	AnswerTimeout time.Duration
	// Logf prints one-line problems; may be nil.
	Logf func(format string, args ...any)
}

// Watcher keeps one long-lived `authtray watch --json` session per host and
// falls back to polling the gateway CLI where authtray is not installed. It
// is the tray's and `watch`'s remote source (core/live's Remote).
type Watcher struct {
	cmd     Command
	cfg     WatchConfig
	targets []Target

	mu      sync.Mutex
	hosts   []*remote.Host
	changed chan struct{}

	// slots bounds the sessions starting and the polls running at once
	// (MaxParallel).
	slots *semaphore.Weighted
}

// NewWatcher returns a watcher for targets; call Run to start it.
func NewWatcher(cmd Command, targets []Target, cfg WatchConfig) *Watcher {
	if cfg.Poll <= 0 {
		cfg.Poll = 15 * time.Minute
	}
	if cfg.Backoff.Max <= 0 {
		cfg.Backoff = remote.DefaultBackoff()
	}
	if cfg.AnswerTimeout <= 0 {
		cfg.AnswerTimeout = OneShotTimeout
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	w := &Watcher{cmd: cmd, cfg: cfg, targets: targets, changed: make(chan struct{}, 1), slots: semaphore.NewWeighted(MaxParallel)}
	for _, t := range targets {
		w.hosts = append(w.hosts, &remote.Host{Remote: t.Remote})
	}
	return w
}

// Changed receives a value whenever a host's rows or reachability change.
func (w *Watcher) Changed() <-chan struct{} { return w.changed }

// Snapshot returns every host's rows and reachability now.
func (w *Watcher) Snapshot() ([]profile.Profile, []profile.Host) {
	pol := w.cfg.Policy()
	w.mu.Lock()
	defer w.mu.Unlock()
	var rows []profile.Profile
	var hosts []profile.Host
	for _, h := range w.hosts {
		r, ph := h.Rows(pol.Now, pol)
		rows = append(rows, r...)
		hosts = append(hosts, ph)
	}
	return rows, hosts
}

// Run watches every host until ctx is done.
func (w *Watcher) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i, t := range w.targets {
		s := &lockedHost{w: w, h: w.hosts[i]}
		wg.Go(func() { w.host(ctx, t, s) })
	}
	wg.Wait()
}

// host is one host's loop: a live session while the host has authtray,
// reconnecting with backoff; the gateway CLI every Poll where it has not.
func (w *Watcher) host(ctx context.Context, t Target, s *lockedHost) {
	bo := w.cfg.Backoff
	for ctx.Err() == nil {
		wait := time.Duration(0)
		switch w.session(ctx, t, s) {
		case sessionNotFound:
			w.poll(ctx, t, s)
			bo.Reset()
			wait = w.cfg.Poll
		case sessionStreamed:
			bo.Reset()
			wait = bo.Next()
		default:
			wait = bo.Next()
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
}

// poll reads a host without authtray once through its gateway CLI.
func (w *Watcher) poll(ctx context.Context, t Target, s sink) {
	if w.slots.Acquire(ctx, 1) != nil {
		return // shutting down
	}
	defer w.slots.Release(1)
	rctx, cancel := context.WithTimeout(ctx, OneShotTimeout)
	defer cancel()
	w.cmd.fallback(rctx, t, s, w.now)
}

type sessionEnd int

const (
	sessionFailed   sessionEnd = iota
	sessionStreamed            // at least one snapshot arrived
	sessionNotFound            // no authtray on the host
)

// session runs one `authtray watch --json` over ssh and feeds every line to
// s until the session ends.
func (w *Watcher) session(parent context.Context, t Target, s sink) sessionEnd {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	argv := w.cmd.Batch(t.Remote.Destination, remote.WatchCommand(t.Overrides))
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = 2 * time.Second
	var errb limited
	errb.max = maxStderr
	cmd.Stderr = &errb
	// The remote watch exits when its stdin closes (--until-eof): hold a
	// pipe open for the life of the session and close it afterwards.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		s.Failed("cannot start ssh: "+err.Error(), w.now())
		return sessionFailed
	}
	defer stdin.Close()
	out, err := cmd.StdoutPipe()
	if err != nil {
		s.Failed("cannot start ssh: "+err.Error(), w.now())
		return sessionFailed
	}
	// A slot is held while the session starts, until its first snapshot.
	if w.slots.Acquire(ctx, 1) != nil {
		return sessionFailed // shutting down
	}
	slot := &heldSlot{w: w, held: true}
	defer slot.release()
	if err := cmd.Start(); err != nil {
		s.Unreachable("cannot run "+argv[0]+": "+err.Error(), w.now())
		return sessionFailed
	}
	// Killing ssh ends the read only if nothing else holds its stdout (a
	// ProxyCommand or a control master can): close the pipe on cancel too.
	stopRead := context.AfterFunc(ctx, func() { _ = out.Close() })
	defer stopRead()
	// A host that sends no first snapshot in time is unreachable, as a
	// one-shot read would say: the session is cancelled (and tried again).
	var silent atomic.Bool
	answer := time.AfterFunc(w.cfg.AnswerTimeout, func() { silent.Store(true); cancel() })
	defer answer.Stop()
	r := w.stream(out, t, s, func() bool { return answer.Stop() || !silent.Load() }, cancel, slot)
	go discard(out)
	// The output ended: the remote watch exits on its closed stdin; one
	// that does not is not waited on for long.
	_ = stdin.Close()
	linger := time.AfterFunc(lingerTimeout, cancel)
	defer linger.Stop()
	_ = cmd.Wait()
	if parent.Err() != nil {
		return sessionFailed // shutting down: nothing to report
	}
	r.silent = silent.Load() && r.lines == 0
	r.exit, r.stderr = cmd.ProcessState.ExitCode(), errb.String()
	return w.ended(r, s)
}

// lingerTimeout is how long a session's ssh may run on after its output
// ended.
const lingerTimeout = 5 * time.Second

// streamed is how a session went.
type streamed struct {
	lines   int  // snapshots read
	silent  bool // no first snapshot within the answer timeout
	tooLong bool // a line over remote.MaxLine
	exit    int
	stderr  string
}

// stream feeds each snapshot line of out to s until it ends. inTime says
// whether a line came before the answer timeout.
func (w *Watcher) stream(out io.Reader, t Target, s sink, inTime func() bool, cancel func(), slot *heldSlot) streamed {
	var r streamed
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 64<<10), remote.MaxLine+1)
	for sc.Scan() {
		if !inTime() {
			break // the cut-off end of a line that came too late
		}
		p, perr := remote.ParseSnapshot(sc.Bytes(), t.Remote)
		if perr != nil {
			s.Failed(perr.Error(), w.now())
			continue
		}
		r.lines++
		slot.release()
		s.Update(p.Profiles, remote.ViaWatch, true, w.now())
	}
	if r.tooLong = errors.Is(sc.Err(), bufio.ErrTooLong); r.tooLong {
		cancel() // a session that stops reading is over; ssh must not linger
	}
	return r
}

// ended reports how a session ended to s.
func (w *Watcher) ended(r streamed, s sink) sessionEnd {
	switch {
	case r.silent:
		s.Unreachable(noAnswer(w.cfg.AnswerTimeout), w.now())
	case r.tooLong:
		s.Failed("host sent a line longer than 1 MiB", w.now())
	case r.exit == remote.NotFound && r.lines == 0:
		return sessionNotFound
	case r.exit == sshFailed || r.exit == -1:
		s.Unreachable(sshReason(r.stderr), w.now())
	case r.exit == usageExit && r.lines == 0:
		s.Failed(tooOld("authtray watch", r.stderr), w.now())
	case r.lines == 0:
		s.Failed("authtray watch on the host exited with status "+strconv.Itoa(r.exit)+": "+lastLineOr(r.stderr, "no output"), w.now())
	default:
		s.Unreachable("the watch session ended: "+lastLineOr(r.stderr, "status "+strconv.Itoa(r.exit)), w.now())
	}
	if r.lines > 0 {
		return sessionStreamed
	}
	return sessionFailed
}

// heldSlot is a session's place among those starting (Watcher.slots),
// given back once, at its first snapshot or its end.
type heldSlot struct {
	w    *Watcher
	held bool
}

func (h *heldSlot) release() {
	if h.held {
		h.held = false
		h.w.slots.Release(1)
	}
}

func (w *Watcher) now() time.Time { return w.cfg.Policy().Now }

// sink receives what is learned about a host; *remote.Host is one, and
// lockedHost guards it for the Watcher.
type sink interface {
	Update(rows []profile.Profile, via string, live bool, now time.Time)
	Unreachable(reason string, now time.Time)
	Failed(reason string, now time.Time)
}

type lockedHost struct {
	w *Watcher
	h *remote.Host
}

func (l *lockedHost) do(f func()) {
	l.w.mu.Lock()
	f()
	l.w.mu.Unlock()
	select {
	case l.w.changed <- struct{}{}:
	default:
	}
}

func (l *lockedHost) Update(rows []profile.Profile, via string, live bool, now time.Time) {
	l.do(func() { l.h.Update(rows, via, live, now) })
}
func (l *lockedHost) Unreachable(reason string, now time.Time) {
	l.do(func() { l.h.Unreachable(reason, now) })
}
func (l *lockedHost) Failed(reason string, now time.Time) { l.do(func() { l.h.Failed(reason, now) }) }

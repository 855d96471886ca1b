package sshx

import (
	"bufio"
	"context"
	"errors"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
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
	w := &Watcher{cmd: cmd, cfg: cfg, targets: targets, changed: make(chan struct{}, 1)}
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
			rctx, cancel := context.WithTimeout(ctx, OneShotTimeout)
			w.cmd.fallback(rctx, t, s, w.now)
			cancel()
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

type sessionEnd int

const (
	sessionFailed   sessionEnd = iota
	sessionStreamed            // at least one snapshot arrived
	sessionNotFound            // no authtray on the host
)

// session runs one `authtray watch --json` over ssh and feeds every line to
// s until the session ends.
func (w *Watcher) session(parent context.Context, t Target, s sink) sessionEnd {
	argv := w.cmd.Batch(t.Remote.Destination, remote.WatchCommand(t.Overrides))
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
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
	if err := cmd.Start(); err != nil {
		s.Unreachable("cannot run "+argv[0]+": "+err.Error(), w.now())
		return sessionFailed
	}
	// Killing ssh ends the read only if nothing else holds its stdout (a
	// ProxyCommand or a control master can): close the pipe on cancel too.
	stopRead := context.AfterFunc(ctx, func() { _ = out.Close() })
	defer stopRead()
	// A host that sends no first snapshot in time is unreachable, as a
	// one-shot read would say: the session is ended and tried again.
	var silent atomic.Bool
	answer := time.AfterFunc(w.cfg.AnswerTimeout, func() { silent.Store(true); cancel() })
	defer answer.Stop()
	lines := 0
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 64<<10), remote.MaxLine+1)
	for sc.Scan() {
		if !answer.Stop() && silent.Load() {
			break // the cut-off end of a line that came too late
		}
		p, perr := remote.ParseSnapshot(sc.Bytes(), t.Remote)
		if perr != nil {
			s.Failed(perr.Error(), w.now())
			continue
		}
		lines++
		s.Update(p.Profiles, remote.ViaWatch, true, w.now())
	}
	tooLong := errors.Is(sc.Err(), bufio.ErrTooLong)
	if tooLong {
		cancel() // a session that stops reading is over; ssh must not linger
	}
	go discard(out)
	_ = cmd.Wait()
	exit := cmd.ProcessState.ExitCode()
	switch {
	case parent.Err() != nil:
		return sessionFailed // shutting down: nothing to report
	case silent.Load() && lines == 0:
		s.Unreachable(noAnswer(w.cfg.AnswerTimeout), w.now())
	case tooLong:
		s.Failed("host sent a line longer than 1 MiB", w.now())
	case exit == remote.NotFound && lines == 0:
		return sessionNotFound
	case exit == sshFailed || exit == -1:
		s.Unreachable(sshReason(errb.String()), w.now())
	case exit == usageExit && lines == 0:
		s.Failed(tooOld("authtray watch", errb.String()), w.now())
	case lines == 0:
		s.Failed("authtray watch on the host exited with status "+strconv.Itoa(exit)+": "+lastLineOr(errb.String(), "no output"), w.now())
	default:
		s.Unreachable("the watch session ended: "+lastLineOr(errb.String(), "status "+strconv.Itoa(exit)), w.now())
	}
	if lines > 0 {
		return sessionStreamed
	}
	return sessionFailed
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

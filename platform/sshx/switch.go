package sshx

import (
	"context"
	"sync"

	"github.com/authtray/authtray/core/profile"
)

// Source is what a Switch runs: a *Watcher, or anything else that yields
// host rows (such as fixed error rows when the ssh command is unusable).
type Source interface {
	Run(ctx context.Context)
	Snapshot() ([]profile.Profile, []profile.Host)
	Changed() <-chan struct{}
}

// Switch is a remote source whose hosts can change while it runs: the
// tray's settings reload adds or removes hosts, or changes the ssh command.
// It implements core/live's Remote with one Changed channel that outlives
// every watcher it runs, so the live loop keeps a single source.
type Switch struct {
	ctx     context.Context
	changed chan struct{}

	mu   sync.Mutex
	w    Source
	key  string
	stop context.CancelFunc
	wg   sync.WaitGroup
}

// NewSwitch returns a Switch that runs its watchers under ctx.
func NewSwitch(ctx context.Context) *Switch {
	return &Switch{ctx: ctx, changed: make(chan struct{}, 1)}
}

// Set runs w in place of the current source, unless key (what w was built
// from: hosts, ssh command, poll interval) is the same as the current one's.
// A nil w stops watching. The old watcher is stopped, not waited for: its
// ssh sessions end with its context.
func (s *Switch) Set(w Source, key string) {
	s.mu.Lock()
	if s.w != nil && key == s.key || s.w == nil && w == nil {
		s.mu.Unlock()
		return
	}
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	s.w, s.key = w, key
	if w != nil {
		ctx, cancel := context.WithCancel(s.ctx)
		s.stop = cancel
		s.wg.Go(func() { w.Run(ctx) })
		s.wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-w.Changed():
					s.poke()
				}
			}
		})
	}
	s.mu.Unlock()
	s.poke() // the set of hosts changed: the view must follow
}

// Stop ends the current watcher and waits for every watcher started so far
// to finish (each is bounded: its ssh processes are killed with it).
func (s *Switch) Stop() {
	s.mu.Lock()
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	s.w = nil
	s.mu.Unlock()
	s.wg.Wait()
}

// Snapshot returns the current watcher's rows and hosts.
func (s *Switch) Snapshot() ([]profile.Profile, []profile.Host) {
	s.mu.Lock()
	w := s.w
	s.mu.Unlock()
	if w == nil {
		return nil, nil
	}
	return w.Snapshot()
}

// Changed receives a value whenever any host, or the set of hosts, changes.
func (s *Switch) Changed() <-chan struct{} { return s.changed }

func (s *Switch) poke() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

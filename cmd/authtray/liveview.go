package main

import (
	"context"
	"path/filepath"
	"sync"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/gateway"
	"github.com/authtray/authtray/core/live"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/core/scan"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/platform/keychain"
	"github.com/authtray/authtray/platform/paths"
	"github.com/authtray/authtray/platform/power"
	"github.com/authtray/authtray/platform/sshx"
	"github.com/authtray/authtray/platform/watch"
)

// liveSettings holds a long-running view's settings: the loop reloads
// them while menu actions, remote hosts' goroutines and the notifier read
// them, all through one lock.
type liveSettings struct {
	mu  sync.Mutex
	env *appEnv
}

// get returns the settings in use.
func (s *liveSettings) get() settings.Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.env.Settings
}

// reload re-reads the settings file; err is the sentence saying what is
// wrong with it (the defaults are in use then).
func (s *liveSettings) reload() (settings.Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.env.ReloadSettings()
	return s.env.Settings, s.env.SettingsErr
}

// input is a scan input for this moment, with the current settings.
func (s *liveSettings) input() scan.Input {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.env.ScanInput()
}

// liveOptions are what the tray and `watch` build their live views with.
type liveOptions struct {
	// Adjust applies a command's flags to each scan input (watch's
	// --warn, --agent, --state-dir, --claude-dir); nil: none.
	Adjust func(scan.Input) scan.Input
	// Hosts are the remote hosts to watch under settings s.
	Hosts func(s settings.Settings) []settings.Host
	// Sender shows notifications (the tray's desktop notifier); nil: no
	// notification is sent.
	Sender alert.Sender
	// Snoozed reports whether the user put a credential's reminders off
	// (nil: never).
	Snoozed func(profile.Profile) bool
	// Push sends the alerts to the user's push targets too (pushTargets),
	// if this process holds the push lock.
	Push bool
}

// liveView is the one live loop every long-running front end runs (the
// tray, `authtray watch`): the scan split per reader, file watching, the
// remote hosts' ssh sessions, power events, the macOS keychain cache and
// change watcher, the settings reload and, with a Sender, notifications.
// Make it with newLiveView, start it with start, and close it once done.
type liveView struct {
	env      *appEnv
	log      *logger
	opts     liveOptions
	settings *liveSettings
	// kc: on macOS, background scans read a keychain secret only when
	// its item's modification date changed, or on "Refresh now".
	kc *claude.KeychainCache
	// dbs: background scans re-read only the gateway databases whose
	// files changed.
	dbs     gateway.DBCache
	hosts   *sshx.Switch
	loop    *live.Loop
	push    *pushView // nil: no push
	ctx     context.Context
	closers []func()
	// panics carries a panic in one of start's goroutines, for the front
	// end to end with exit 1 (not Go's 2, the "expiring" code, nor a
	// silent stop).
	panics chan string
}

func newLiveView(ctx context.Context, env *appEnv, log *logger, o liveOptions) *liveView {
	v := &liveView{env: env, log: log, opts: o, settings: &liveSettings{env: env}, panics: make(chan string, 2), ctx: ctx}
	v.kc = keychainCache(env, v.rereadClaude)
	v.hosts = sshx.NewSwitch(ctx)
	v.closers = append(v.closers, v.hosts.Stop)
	sources, judge := liveSources(v.input)
	cfg := live.Config{
		Sources:        sources,
		Judge:          judge,
		SettingsPath:   env.SettingsPath,
		ReloadSettings: func() { v.reload() },
		Notify:         v.notifyBefore,
		Alerter:        v.alerters(o),
		Remote:         v.hosts,
		Resume:         power.Resumed(ctx),
		ClockChanged:   power.ClockChanged(ctx),
		Now:            env.Now,
		Zone:           env.Zone,
		Logf:           log.Logf,
		Debugf:         log.Debugf,
	}
	if w, err := watch.New(log.Logf); err != nil {
		log.Logf("File watching is unavailable (%v): authtray re-checks every minute instead.", err)
	} else {
		cfg.Watcher = w
		v.closers = append(v.closers, func() { w.Close() })
	}
	v.loop = live.New(cfg)
	return v
}

// alerters are the desktop notifications (with a Sender) and the push
// targets (with Push), nil for neither.
func (v *liveView) alerters(o liveOptions) live.Alerter {
	var as alerters
	if a := v.alerter(o.Sender); a != nil {
		as = append(as, a)
	}
	if o.Push {
		// Push has its own switch (its targets), not the desktop's.
		cfg := alert.Config{Now: v.env.Now, Zone: v.env.Zone, Notify: v.notifyBefore}
		// A target that starts or stops failing is a note: judge again.
		if v.push = newPushView(v.env, v.log, cfg, func() { v.loop.Reread() }); v.push != nil {
			as = append(as, v.push.pusher)
		}
	}
	if len(as) == 0 {
		return nil
	}
	return as
}

// alerter sends what each snapshot calls for through sender, remembering
// what it sent in the state dir; nil without a sender or a state dir.
func (v *liveView) alerter(sender alert.Sender) live.Alerter {
	if sender == nil {
		return nil
	}
	dir, err := paths.StateDir()
	if err != nil {
		v.log.Logf("No state directory (%v): notifications are off.", err)
		return nil
	}
	return alert.New(alert.Config{
		Sender:  sender,
		Store:   alert.File(filepath.Join(dir, alert.LedgerFile)),
		Now:     v.env.Now,
		Zone:    v.env.Zone,
		Notify:  v.notifyBefore,
		Enabled: func() bool { return v.settings.get().Notifications },
		Logf:    v.log.Logf,
		Snoozed: v.opts.Snoozed,
		Clean:   safetext.Masked(v.env.Secrets, safetext.Line),
	})
}

// input is the scan input of this moment, the command's flags applied,
// with the keychain cache.
func (v *liveView) input() scan.Input {
	in := v.settings.input()
	if v.opts.Adjust != nil {
		in = v.opts.Adjust(in)
	}
	in.KeychainCache = v.kc
	in.DBCache = &v.dbs
	in.Notes = append(in.Notes, v.push.notes()...)
	return in
}

func (v *liveView) policy() profile.Policy { return v.input().Policy() }

func (v *liveView) notifyBefore() []time.Duration {
	return settings.Durations(v.settings.get().Notify)
}

// reload re-reads the settings (the file changed, or the tray changed
// it): a malformed file is logged, and hosts added to or removed from it,
// or a new ssh command, restart the host sessions.
func (v *liveView) reload() {
	s, err := v.settings.reload()
	if err != nil {
		v.log.Logf("%v", err)
	}
	v.watchHosts(s)
	if v.push != nil {
		v.push.load(v.ctx)
	}
}

func (v *liveView) watchHosts(s settings.Settings) {
	watchHosts(v.hosts, v.env.Getenv, s, v.opts.Hosts(s), v.policy, v.log.Logf)
}

// rereadClaude reads Claude Code again (a keychain item changed, or the
// cache asks to confirm a read).
func (v *liveView) rereadClaude() {
	if v.loop != nil {
		v.loop.Reread("claude")
	}
}

// refresh is "Refresh now": every source read again, the keychain for
// real, whatever its items' dates say.
func (v *liveView) refresh() {
	if v.kc != nil {
		v.kc.Invalidate()
	}
	v.loop.Refresh()
}

// start watches the hosts and runs the loop until ctx ends (done closes
// then), with the keychain change watcher: the keychain cannot be watched
// like a file, so a rewritten Claude Code item is noticed by its
// modification date alone.
func (v *liveView) start(ctx context.Context) (done <-chan struct{}) {
	v.watchHosts(v.settings.get())
	v.ctx = ctx
	if v.push != nil {
		v.push.load(ctx)
	}
	ch := make(chan struct{})
	v.background(func() { defer close(ch); _ = v.loop.Run(ctx) })
	v.background(func() {
		keychain.Changes(ctx, v.env.Home, func() []claude.Item { return scan.KeychainItems(v.input()) }, v.rereadClaude, v.log.Logf)
	})
	return ch
}

// failed delivers a panic of the loop or the keychain watcher, named in a
// few words (panicText).
func (v *liveView) failed() <-chan string { return v.panics }

// background runs fn on its own goroutine, sending a panic to failed.
func (v *liveView) background(fn func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				v.panics <- panicText(r)
			}
		}()
		fn()
	}()
}

// close stops the host sessions and the file watcher.
func (v *liveView) close() {
	for i := len(v.closers) - 1; i >= 0; i-- {
		v.closers[i]()
	}
}

// allHosts are the tray's hosts: every one settings.toml lists.
func allHosts(s settings.Settings) []settings.Host { return s.Hosts }

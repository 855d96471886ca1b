package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/live"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/scan"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/platform/autostart"
	"github.com/authtray/authtray/platform/notify"
	"github.com/authtray/authtray/platform/paths"
	"github.com/authtray/authtray/platform/power"
	"github.com/authtray/authtray/platform/sshx"
	"github.com/authtray/authtray/platform/terminal"
	"github.com/authtray/authtray/platform/watch"
	"github.com/authtray/authtray/tray"
)

// runTray is `authtray` with no arguments: the live loop feeding the tray
// menu and the notifier. AUTHTRAY_DEBUG=1 logs each published snapshot, each
// menu rebuild and each click to stderr (never a secret), and the loop's
// counters at exit (for bench/idle.sh).
func runTray(ctx context.Context, env *appEnv) int {
	var logMu sync.Mutex
	logf := func(format string, args ...any) {
		logMu.Lock()
		fmt.Fprintf(env.Stderr, "authtray: "+format+"\n", args...)
		logMu.Unlock()
	}
	debugf := func(string, ...any) {}
	if env.Getenv("AUTHTRAY_DEBUG") != "" {
		debugf = func(format string, args ...any) { logf("debug: "+format, args...) }
	}

	// The loop reloads settings while the menu's actions read them.
	var mu sync.Mutex
	current := func() settings.Settings { mu.Lock(); defer mu.Unlock(); return env.Settings }
	// macOS: scans in the background read a keychain secret only when its
	// item's modification date changed, or on "Refresh now".
	var loop *live.Loop
	kcCache := keychainCache(env, &loop)
	input := func() scan.Input {
		mu.Lock()
		defer mu.Unlock()
		in := env.ScanInput()
		in.KeychainCache = kcCache
		return in
	}
	// Remote hosts from settings: one ssh session each, restarted when a
	// reload changes the hosts or the ssh command.
	hosts := sshx.NewSwitch(ctx)
	defer hosts.Stop()
	policy := func() profile.Policy { return input().Policy() }
	reload := func() {
		mu.Lock()
		env.ReloadSettings()
		err, s := env.SettingsErr, env.Settings
		mu.Unlock()
		if err != nil {
			logf("%v", err)
		}
		watchHosts(hosts, env.Getenv, s, s.Hosts, policy, logf)
	}
	if env.SettingsErr != nil {
		logf("%v", env.SettingsErr)
	}
	notifyBefore := func() []time.Duration {
		var ds []time.Duration
		for _, d := range current().Notify {
			ds = append(ds, time.Duration(d))
		}
		return ds
	}

	notifier := maskedSender{notify.New(tray.Icon), env.Secrets}
	var alerter live.Alerter
	if dir, err := paths.StateDir(); err != nil {
		logf("No state directory (%v): notifications are off.", err)
	} else {
		alerter = alert.New(alert.Config{
			Sender:  notifier,
			Store:   alert.File(filepath.Join(dir, alert.LedgerFile)),
			Now:     env.Now,
			Zone:    env.Zone,
			Notify:  notifyBefore,
			Enabled: func() bool { return current().Notifications },
			Logf:    logf,
		})
	}

	sources, judge := liveSources(input)
	cfg := live.Config{
		Sources:        sources,
		Judge:          judge,
		SettingsPath:   env.SettingsPath,
		ReloadSettings: reload,
		Notify:         notifyBefore,
		Alerter:        alerter,
		Remote:         hosts,
		Resume:         power.Resumed(ctx),
		ClockChanged:   power.ClockChanged(ctx),
		Now:            env.Now,
		Zone:           env.Zone,
		Logf:           logf,
		Debugf:         debugf,
	}
	if w, err := watch.New(logf); err != nil {
		logf("File watching is unavailable (%v): authtray re-checks every minute instead.", err)
	} else {
		defer w.Close()
		cfg.Watcher = w
	}
	loop = live.New(cfg)

	// The programs the menu's actions need are looked up on every menu
	// build (a few stats), so installing one while the tray runs shows.
	clipboard := func() (string, []string) { return tray.Clipboard(env.Getenv, exec.LookPath) }
	// Asked on every menu build, so both are cached: the notification
	// server over one bus connection, until its name changes owner; start
	// at login until the checkbox or "Refresh now" is clicked.
	notifyCheck := notify.NewChecker(loop.Refresh)
	defer notifyCheck.Close()
	var autoMu sync.Mutex
	var autoOn *bool
	autoKnown := false
	autostartState := func() *bool {
		autoMu.Lock()
		defer autoMu.Unlock()
		if !autoKnown {
			autoOn, autoKnown = nil, true
			if on, err := autostart.Enabled(); err == nil {
				autoOn = &on
			}
		}
		return autoOn
	}
	forgetAutostart := func() { autoMu.Lock(); autoKnown = false; autoMu.Unlock() }

	app := &tray.App{
		Source: refreshHook{loop, func() {
			// A refresh the user asks for reads the keychain for real,
			// whatever its items' dates say.
			if kcCache != nil {
				kcCache.Invalidate()
			}
			forgetAutostart()
		}},
		Options: func() tray.Options {
			s := current()
			o := tray.Options{Zone: env.Zone, Home: env.Home, Notifications: s.Notifications, Secrets: env.Secrets}
			o.GatewayCLI, _, _ = terminal.GatewayCLI()
			o.Clipboard, _ = clipboard()
			_, err := terminal.Claude()
			o.NoClaude = err != nil
			o.NoTerminal = !terminal.Found(s.Terminal)
			for _, h := range s.Hosts {
				if h.ClaudeDir != "" {
					if o.HostClaudeDirs == nil {
						o.HostClaudeDirs = map[string]string{}
					}
					o.HostClaudeDirs[sshx.TargetOf(h).Remote.Name] = h.ClaudeDir
				}
			}
			if ok, why := notifyCheck.Available(); !ok {
				o.NotifyProblem = why
			}
			o.NotifyNote = notifyCheck.Note()
			o.Autostart = autostartState()
			return o
		},
		Launch: func(ctx context.Context, a tray.Action) error {
			a.Args = append([]string(nil), a.Args...)
			if a.Remote.IsZero() {
				// A tray started by the desktop has a shorter PATH than the
				// user's shell: resolve the program here, and say exactly
				// what is missing instead of a terminal that prints "not
				// found".
				p, err := terminal.LookPath(a.Args[0])
				if err != nil {
					return missingProgram(a.Args[0])
				}
				a.Args[0] = p
			}
			args := a.Argv()
			if !a.Remote.IsZero() {
				// Run on the host, in a local terminal: ssh -t DEST -- args.
				var err error
				if args, err = remoteArgv(env.Getenv, current(), a.Remote, args); err != nil {
					return err
				}
				p, err := terminal.LookPath(args[0])
				if err != nil {
					return missingProgram(args[0])
				}
				args[0] = p
			}
			return terminal.Launch(ctx, terminal.Command{Args: args, Title: a.Title, Preferred: current().Terminal})
		},
		Copy: func(text string) error {
			clip, args := clipboard()
			return tray.CopyWith(clip, args, text)
		},
		Open: tray.Open,
		SetNotifications: func(on bool) error {
			if err := tray.SetNotifications(env.SettingsPath, on); err != nil {
				return err
			}
			reload()
			return nil
		},
		SetAutostart: func(on bool) error {
			defer forgetAutostart()
			if on {
				return autostart.Enable()
			}
			return autostart.Disable()
		},
		SettingsFile: func() (string, error) { return tray.EnsureSettings(env.SettingsPath) },
		Problem: func(msg string) {
			logf("%s", msg)
			if err := notifier.Send(profile.Error, "authtray", msg); err != nil {
				debugf("%v", err)
			}
		},
		Debugf: debugf,
	}

	claim, release := trayLock(logf)
	defer release()
	app.Claim = claim

	loopCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	started := false
	app.Start = func() {
		started = true
		s := current()
		watchHosts(hosts, env.Getenv, s, s.Hosts, policy, logf)
		go func() { loop.Run(loopCtx); close(done) }()
		// macOS: the keychain cannot be watched like a file; this notices a
		// rewritten Claude Code item by its modification date alone.
		go keychainChanges(loopCtx, env, input, loop, logf)
	}
	code := tray.Run(ctx, app, logf)
	stop()
	if started {
		<-done
	}
	st := loop.Stats()
	debugf("stats: scans=%d wakeups=%d events=%d ignored=%d", st.Scans, st.Wakeups, st.Events, st.Ignored)
	return code
}

// missingProgram says which program a re-auth needs and how to install it.
func missingProgram(name string) error {
	switch {
	case name == "claude":
		return terminal.ErrNoClaude
	case slices.Contains(terminal.GatewayCLIs, name):
		return fmt.Errorf("%s is not installed: %s", name, tray.GatewayInstall)
	}
	return fmt.Errorf("%s is not installed", name)
}

// refreshHook is the tray's snapshot source, also forgetting cached state
// when the user asks for a refresh.
type refreshHook struct {
	*live.Loop
	forget func()
}

func (r refreshHook) Refresh() {
	r.forget()
	r.Loop.Refresh()
}

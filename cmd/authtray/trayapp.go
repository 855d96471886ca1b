package main

import (
	"context"
	"os/exec"
	"sync"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/platform/autostart"
	"github.com/authtray/authtray/platform/notify"
	"github.com/authtray/authtray/platform/sshx"
	"github.com/authtray/authtray/platform/terminal"
	"github.com/authtray/authtray/tray"
)

// trayApp is what the tray's menu and actions need of the machine: the
// live view, the settings, the programs installed, the notification
// server and start at login. Its methods are tray.App's functions.
type trayApp struct {
	env      *appEnv
	log      *logger
	view     *liveView
	notifier maskedSender
	// notifyCheck and autostart are asked on every menu build, so both
	// are cached: the notification server over one bus connection, until
	// its name changes owner; start at login until the checkbox or
	// "Refresh now" is clicked.
	notifyCheck *notify.Checker
	autostart   autostartState
}

func newTrayApp(env *appEnv, log *logger, view *liveView, notifier maskedSender) *trayApp {
	return &trayApp{env: env, log: log, view: view, notifier: notifier, notifyCheck: notify.NewChecker(view.loop.Refresh)}
}

func (t *trayApp) close() { t.notifyCheck.Close() }

// app is the tray's behaviour bound to this machine (Claim and Start are
// runTray's).
func (t *trayApp) app() *tray.App {
	return &tray.App{
		Source:           trayRefresh{t},
		Options:          t.options,
		Launch:           t.launch,
		Copy:             t.copy,
		Open:             tray.Open,
		SetNotifications: t.setNotifications,
		SetAutostart:     t.setAutostart,
		SettingsFile:     func() (string, error) { return tray.EnsureSettings(t.env.SettingsPath) },
		Problem:          t.problem,
		Debugf:           t.log.Debugf,
	}
}

// trayRefresh is the tray's snapshot source: the loop, whose "Refresh now"
// also forgets the cached keychain dates and start-at-login state.
type trayRefresh struct{ t *trayApp }

func (r trayRefresh) Subscribe() <-chan profile.Snapshot { return r.t.view.loop.Subscribe() }

func (r trayRefresh) Refresh() {
	r.t.autostart.forget()
	r.t.view.refresh()
}

// options are the menu's facts besides the snapshot. The programs the
// actions need are looked up on every build (a few stats), so installing
// one while the tray runs shows.
func (t *trayApp) options() tray.Options {
	s := t.view.settings.get()
	o := tray.Options{Zone: t.env.Zone, Home: t.env.Home, Notifications: s.Notifications, Secrets: t.env.Secrets}
	o.GatewayCLI, _, _ = terminal.GatewayCLI()
	o.Clipboard, _ = t.clipboard()
	_, err := terminal.Claude()
	o.NoClaude = err != nil
	o.NoTerminal = !terminal.Found(s.Terminal)
	o.HostClaudeDirs = hostClaudeDirs(s.Hosts)
	if ok, why := t.notifyCheck.Available(); !ok {
		o.NotifyProblem = why
	}
	o.NotifyNote = t.notifyCheck.Note()
	o.Autostart = t.autostart.get()
	return o
}

// hostClaudeDirs maps each host's name to its claude_config_dir setting
// (nil when no host sets one).
func hostClaudeDirs(hosts []settings.Host) map[string]string {
	var dirs map[string]string
	for _, h := range hosts {
		if h.ClaudeDir != "" {
			if dirs == nil {
				dirs = map[string]string{}
			}
			dirs[sshx.TargetOf(h).Remote.Name] = h.ClaudeDir
		}
	}
	return dirs
}

func (t *trayApp) clipboard() (string, []string) { return tray.Clipboard(t.env.Getenv, exec.LookPath) }

// launch opens a terminal running a re-auth command, here or on a host
// (`ssh -t DEST -- args`, in a local terminal). A tray started by the
// desktop has a shorter PATH than the user's shell: the program is
// resolved here, and exactly what is missing is said instead of a
// terminal that prints "not found".
func (t *trayApp) launch(ctx context.Context, a tray.Action) error {
	a.Args = append([]string(nil), a.Args...)
	if a.Remote.IsZero() {
		p, err := terminal.LookPath(a.Args[0])
		if err != nil {
			return missingProgram(a.Args[0])
		}
		a.Args[0] = p
	}
	args := a.Argv()
	s := t.view.settings.get()
	if !a.Remote.IsZero() {
		var err error
		if args, err = remoteArgv(t.env.Getenv, s, a.Remote, args); err != nil {
			return err
		}
		p, err := terminal.LookPath(args[0])
		if err != nil {
			return missingProgram(args[0])
		}
		args[0] = p
	}
	return terminal.Launch(ctx, terminal.Command{Args: args, Title: a.Title, Preferred: s.Terminal})
}

func (t *trayApp) copy(text string) error {
	clip, args := t.clipboard()
	return tray.CopyWith(clip, args, text)
}

// setNotifications saves the toggle and reloads the settings at once.
func (t *trayApp) setNotifications(on bool) error {
	if err := tray.SetNotifications(t.env.SettingsPath, on); err != nil {
		return err
	}
	t.view.reload()
	return nil
}

func (t *trayApp) setAutostart(on bool) error {
	defer t.autostart.forget()
	if on {
		return autostart.Enable()
	}
	return autostart.Disable()
}

// problem tells the user about a failed action: the log and a
// notification.
func (t *trayApp) problem(msg string) {
	t.log.Logf("%s", msg)
	if err := t.notifier.Send(alert.Message{State: profile.Error, Summary: "authtray", Body: msg}); err != nil {
		t.log.Debugf("%v", err)
	}
}

// autostartState caches whether starting at login is on (nil: unknown or
// unsupported) until forget.
type autostartState struct {
	mu    sync.Mutex
	on    *bool
	known bool
}

func (a *autostartState) get() *bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.known {
		a.on, a.known = nil, true
		if on, err := autostart.Enabled(); err == nil {
			a.on = &on
		}
	}
	return a.on
}

func (a *autostartState) forget() {
	a.mu.Lock()
	a.known = false
	a.mu.Unlock()
}

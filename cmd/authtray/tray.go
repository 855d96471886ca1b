package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/authtray/authtray/platform/notify"
	"github.com/authtray/authtray/platform/terminal"
	"github.com/authtray/authtray/tray"
)

// runTray is `authtray` with no arguments: the live loop feeding the tray
// menu and the notifier. AUTHTRAY_DEBUG=1 logs each published snapshot, each
// menu rebuild and each click to stderr (never a secret), and the loop's
// counters at exit (for bench/idle.sh).
func runTray(ctx context.Context, env *appEnv) int {
	log := newLogger(env.Stderr, "authtray: ", env.Getenv("AUTHTRAY_DEBUG") != "")
	if env.SettingsErr != nil {
		log.Logf("%v", env.SettingsErr)
	}
	desktop := notify.New(tray.Icon)
	defer desktop.Close()
	notifier := maskedSender{desktop, env.Secrets}
	var view *liveView
	snoozes := newSnoozes(env, log, func() { view.loop.Refresh() })
	defer snoozes.close()
	view = newLiveView(ctx, env, log, liveOptions{Hosts: allHosts, Sender: notifier, Snoozed: snoozes.snoozed, Push: true})
	defer view.close()
	t := newTrayApp(env, log, view, notifier)
	defer t.close()
	t.snoozes = snoozes
	app := t.app()
	t.tray, t.ctx = app, ctx
	desktop.OnAction(t.fixable, t.notificationAction)

	claim, release := trayLock(log.Logf)
	defer release()
	app.Claim = claim
	loopCtx, stop := context.WithCancel(ctx)
	var done <-chan struct{}
	app.Start = func() { done = view.start(loopCtx) }
	trayCtx, quit := context.WithCancel(ctx)
	failed := make(chan struct{})
	go func() {
		// A loop that died would leave the last icon up, perhaps green:
		// the tray ends instead (exit 1) rather than show stale state.
		select {
		case msg := <-view.failed():
			log.Logf("internal error (%s); the tray stops rather than show a stale state; please report it", msg)
			close(failed)
			quit()
		case <-trayCtx.Done():
		}
	}()
	code := tray.Run(trayCtx, app, log.Logf)
	quit()
	stop()
	if done != nil {
		<-done
	}
	select {
	case <-failed:
		code = 1
	default:
	}
	st := view.loop.Stats()
	log.Debugf("stats: scans=%d wakeups=%d events=%d ignored=%d", st.Scans, st.Wakeups, st.Events, st.Ignored)
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

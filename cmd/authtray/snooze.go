package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/platform/notify"
	"github.com/authtray/authtray/platform/paths"
	"github.com/authtray/authtray/tray"
)

// snoozes are the tray's snoozed reminders (core/alert.Snoozes in the
// state dir); nil when there is no state dir, and then nothing is snoozed.
type snoozes struct{ s *alert.Snoozes }

// newSnoozes reads the snoozes beside the notification ledger; ended runs
// when one ends by itself (its reminder is due again).
func newSnoozes(env *appEnv, log *logger, ended func()) *snoozes {
	dir, err := paths.StateDir()
	if err != nil {
		log.Debugf("no state directory (%v): notifications cannot be snoozed", err)
		return &snoozes{}
	}
	return &snoozes{alert.NewSnoozes(alert.File(filepath.Join(dir, alert.SnoozeFile)), env.Now, ended)}
}

func (z *snoozes) close() {
	if z.s != nil {
		z.s.Close()
	}
}

func (z *snoozes) snoozed(p profile.Profile) bool { return z.s != nil && z.s.Snoozed(p) }

func (z *snoozes) all() map[string]time.Time {
	if z.s == nil {
		return nil
	}
	return z.s.All()
}

// fixable reports whether a notification about m's credential can offer
// "Re-authenticate": its row has a fix in the menu.
func (t *trayApp) fixable(m alert.Message) bool {
	s, _ := t.view.loop.Latest()
	_, ok := tray.FixFor(s, m.Profile, t.options())
	return ok
}

// notificationAction runs what the user chose on a notification: the
// row's fix (clicking it, or "Re-authenticate"), exactly as the menu item
// runs it, or a snooze, which the menu then shows.
func (t *trayApp) notificationAction(action string, m alert.Message) {
	t.log.Debugf("notification action %q on %q", action, m.Summary)
	if d, ok := notify.Snooze(action); ok {
		t.snooze(m.Profile, d)
		return
	}
	if !notify.Fixes(action) {
		return
	}
	s, _ := t.view.loop.Latest()
	a, ok := tray.FixFor(s, m.Profile, t.options())
	if !ok {
		t.problem("There is nothing to run for " + m.Profile.ID + " now: see the authtray menu.")
		return
	}
	ctx := t.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	t.tray.Do(ctx, tray.Item{Label: "notification: " + action, Action: a})
}

// snooze puts p's reminders off for d.
func (t *trayApp) snooze(p profile.Profile, d time.Duration) {
	if t.snoozes == nil || t.snoozes.s == nil {
		t.problem("Reminders cannot be snoozed: authtray has no state directory.")
		return
	}
	until, err := t.snoozes.s.Snooze(p, d)
	if err != nil {
		t.log.Logf("snooze: %v", err)
	}
	t.log.Debugf("reminders for %q snoozed until %s", p.ID, until.Format(time.RFC3339))
	t.view.loop.Refresh() // the menu shows the snooze
}

// unsnooze is the menu's "Snoozed until … — cancel".
func (t *trayApp) unsnooze(key string) error {
	if t.snoozes == nil || t.snoozes.s == nil {
		return nil
	}
	return t.snoozes.s.Cancel(key)
}

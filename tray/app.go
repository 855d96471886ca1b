package tray

import (
	"context"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/authtray/authtray/core/profile"
)

// Source is where snapshots come from (core/live's Loop).
type Source interface {
	Subscribe() <-chan profile.Snapshot
	Refresh()
}

// App is the tray's behaviour, independent of the systray binding: it turns
// snapshots into menus and runs the actions behind items.
type App struct {
	Source Source
	// Options returns the menu options at this moment (notifications on,
	// clipboard tool, gateway CLI…).
	Options func() Options
	// Launch opens a terminal running a re-auth command.
	Launch func(ctx context.Context, a Action) error
	// Copy puts text on the clipboard; Open opens a folder or file.
	Copy func(text string) error
	Open func(path string) error
	// SetNotifications persists the Notifications toggle.
	SetNotifications func(on bool) error
	// Unsnooze ends a credential's snooze (nil: none can be).
	Unsnooze func(key string) error
	// SetAutostart turns starting at login on or off (nil: unsupported).
	SetAutostart func(on bool) error
	// SettingsFile returns the settings file's path, creating it with
	// commented defaults when missing.
	SettingsFile func() (string, error)
	// Problem tells the user about a failed action in one sentence (a
	// notification, and the log).
	Problem func(msg string)
	Debugf  func(format string, args ...any)
	// Claim runs once the desktop checks pass, before Start: false means
	// another tray is running (it said so), and Run returns 0 without
	// showing anything. nil claims nothing.
	Claim func() bool
	// Start runs once the desktop checks pass, before the tray shows:
	// nothing (no scan, no notification) happens on a machine with no
	// session bus, where a notification attempt could even spawn a bus.
	Start func()

	mu   sync.Mutex
	last string // the last menu built, to skip identical rebuilds
}

// Menu builds the menu for a snapshot; changed is false when it is the same
// as the last one built (a quiet safety wake), so the tray need not redraw.
func (a *App) Menu(s profile.Snapshot) (m Menu, changed bool) {
	m = Build(s, a.Options())
	text := m.String()
	a.mu.Lock()
	defer a.mu.Unlock()
	if text == a.last {
		return m, false
	}
	a.last = text
	return m, true
}

// Do runs the action of a clicked item. Quit is the binding's job.
func (a *App) Do(ctx context.Context, it Item) {
	act := it.Action
	a.debugf("clicked %q (%s)", it.Label, act)
	var err error
	switch act.Kind {
	case Reauth:
		err = a.Launch(ctx, act)
	case Copy:
		err = a.Copy(act.Text)
	case OpenFolder:
		err = a.Open(act.Path)
	case Refresh:
		a.Source.Refresh()
	case Notifications:
		err = a.SetNotifications(!it.Checked)
		a.Source.Refresh() // redraw the checkbox from the saved setting
	case Autostart:
		if a.SetAutostart != nil {
			err = a.SetAutostart(!it.Checked)
		}
		a.Source.Refresh()
	case Unsnooze:
		if a.Unsnooze != nil {
			err = a.Unsnooze(act.Key)
		}
		a.Source.Refresh() // redraw the row without its snooze
	case OpenSettings:
		var path string
		if path, err = a.SettingsFile(); err == nil {
			err = a.Open(path)
		}
	}
	if err != nil && a.Problem != nil {
		a.Problem(sentence(err))
	}
}

// Forget makes the next Menu call report a change: after a rebuild that
// panicked half-way (see follow), the tray must redraw even an identical
// menu.
func (a *App) Forget() {
	a.mu.Lock()
	a.last = ""
	a.mu.Unlock()
}

// sentence is an error as the sentence a person reads: its first letter
// upper-cased (error strings start lower-case, to read inside others).
func sentence(err error) string {
	s := err.Error()
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func (a *App) debugf(format string, args ...any) {
	if a.Debugf != nil {
		a.Debugf(format, args...)
	}
}

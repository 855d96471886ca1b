// Package notify shows desktop notifications and says cheaply whether they
// can be shown at all, so the tray can say "Notifications unavailable: no
// notification server" (or that Script Editor may not notify) instead of
// failing silently.
//
// On Linux a notification goes to org.freedesktop.Notifications over its
// own session-bus connection, with actions when the server has the
// "actions" capability: clicking it (the "default" action) or its
// "Re-authenticate" button, and its "Snooze" buttons, call the handler
// given to OnAction; a server without actions gets the short fix text in
// the body instead. On macOS, when authtray runs from its .app bundle (and
// was built with cgo), notifications go through UNUserNotificationCenter
// with a "Re-authenticate" action; otherwise through beeep
// (terminal-notifier when installed, else osascript, as Script Editor).
// beeep is also the fallback on Linux (it tries D-Bus, then notify-send)
// and the path elsewhere.
package notify

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gen2brain/beeep"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext"
)

// AppName is the application name notifications carry.
const AppName = "authtray"

// The actions a notification offers, as the handler receives them.
const (
	// ActionDefault is clicking the notification itself.
	ActionDefault = "default"
	// ActionReauth is its "Re-authenticate" button: the same fix.
	ActionReauth = "reauth"
	// ActionSnooze1h and ActionSnooze1d put the credential's reminders
	// off (a reminder before the deadline only: alert.Message.Snoozable).
	ActionSnooze1h = "snooze-1h"
	ActionSnooze1d = "snooze-1d"
)

// Snooze is how long a snooze action puts reminders off (false: not a
// snooze).
func Snooze(action string) (time.Duration, bool) {
	switch action {
	case ActionSnooze1h:
		return time.Hour, true
	case ActionSnooze1d:
		return 24 * time.Hour, true
	}
	return 0, false
}

// Fixes reports whether action runs the credential's fix.
func Fixes(action string) bool { return action == ActionDefault || action == ActionReauth }

// appName sets beeep's application name (a package variable) once, before
// the first notification, rather than whenever the package is linked in.
var appName sync.Once

// beeepNotify posts through beeep under AppName.
func beeepNotify(summary, body string, icon any) error {
	appName.Do(func() { beeep.AppName = AppName })
	return beeep.Notify(summary, body, icon)
}

// Notifier sends notifications; it implements core/alert's Sender.
type Notifier struct {
	// icon returns PNG bytes for a state's icon; nil shows none.
	icon func(profile.State) []byte

	mu      sync.Mutex
	fixable func(alert.Message) bool
	handle  func(action string, m alert.Message)
	// os is the system's own state (the Linux bus connection that hears
	// actions, the macOS notification center).
	os osState
}

// New returns a Notifier whose notifications carry icon(state), the
// colour of the credential's state (nil: no icon).
func New(icon func(profile.State) []byte) *Notifier {
	return &Notifier{icon: icon}
}

// OnAction makes notifications actionable: a message fixable accepts
// offers "Re-authenticate" (and clicking it), and a reminder before a
// deadline offers "Snooze 1 hour" and "Snooze 1 day"; handle is called,
// on its own goroutine, with the action (ActionDefault, ActionReauth,
// ActionSnooze1h, ActionSnooze1d) and the message it was on. Call it
// before the first Send.
func (n *Notifier) OnAction(fixable func(alert.Message) bool, handle func(action string, m alert.Message)) {
	n.mu.Lock()
	n.fixable, n.handle = fixable, handle
	n.mu.Unlock()
}

// hooks returns OnAction's functions (nil, nil before it).
func (n *Notifier) hooks() (func(alert.Message) bool, func(string, alert.Message)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.fixable, n.handle
}

// clickable reports whether m gets the fix actions, given whether the
// server shows actions at all.
func (n *Notifier) clickable(m alert.Message, serverActions bool) bool {
	fixable, handle := n.hooks()
	return serverActions && handle != nil && m.Fixable() && fixable != nil && fixable(m)
}

// Send shows one notification (see send for each system). An error
// wrapping alert.ErrNotShown means it cannot be shown at all now.
//
// Summary and body are cleaned here, whoever wrote them (they hold ids,
// emails and sentences from stores and hosts): the summary is plain text,
// and the body is escaped for a server that reads body markup, so a
// store's "<a href=…>" is shown as text, never as a link.
func (n *Notifier) Send(m alert.Message) error { return n.send(m) }

// iconFor is the state's icon, "" for none (beeep's "no icon").
func (n *Notifier) iconFor(s profile.State) any {
	if n.icon != nil {
		if b := n.icon(s); b != nil {
			return b
		}
	}
	return ""
}

// cleanBody is a body for a server that reads markup or not.
func cleanBody(text string, markup bool) string {
	if markup {
		return safetext.Markup(text)
	}
	return safetext.Line(text)
}

// plain shows m with no actions, its body ending with the short fix text,
// through beeep (show: per system).
func (n *Notifier) plain(m alert.Message) error {
	return show(safetext.Summary(m.Summary), cleanBody(m.Text(false), bodyMarkup()), n.iconFor(m.State))
}

// firstCause keeps the D-Bus part of beeep's "dbus: …; notify-send: …;
// kdialog: …" chain: the fallbacks' "not found" adds nothing.
func firstCause(err error) string {
	s, _, _ := strings.Cut(err.Error(), "; ")
	return strings.TrimPrefix(s, "beeep: ")
}

// beeepShow posts through beeep, which tries D-Bus, then notify-send, then
// kdialog, and fails in well under a second when none works; the error is
// shortened to its first cause so it fits one line.
func beeepShow(summary, body string, icon any) error {
	if err := beeepNotify(summary, body, icon); err != nil {
		return fmt.Errorf("show notification: %s", firstCause(err))
	}
	return nil
}

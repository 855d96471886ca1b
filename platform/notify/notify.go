// Package notify shows desktop notifications through beeep (D-Bus
// org.freedesktop.Notifications on Linux; terminal-notifier on macOS when
// installed, else osascript, whose notifications come from Script Editor)
// and says cheaply whether they can be shown at all, so the tray can say
// "Notifications unavailable: no notification server" (or that Script
// Editor may not notify) instead of failing silently.
package notify

import (
	"sync"

	"github.com/gen2brain/beeep"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext"
)

// AppName is the application name notifications carry.
const AppName = "authtray"

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
}

// New returns a Notifier whose notifications carry icon(state), the
// colour of the credential's state (nil: no icon).
func New(icon func(profile.State) []byte) *Notifier {
	return &Notifier{icon: icon}
}

// Send shows one notification (see show for each system). An error wrapping
// alert.ErrNotShown means it cannot be shown at all now.
//
// Summary and body are cleaned here, whoever wrote them (they hold ids,
// emails and sentences from stores and hosts): the summary is plain text,
// and the body is escaped for a server that reads body markup, so a
// store's "<a href=…>" is shown as text, never as a link.
func (n *Notifier) Send(m alert.Message) error {
	state, summary, body := m.State, safetext.Summary(m.Summary), m.Body
	if bodyMarkup() {
		body = safetext.Markup(body)
	} else {
		body = safetext.Line(body)
	}
	var icon any = ""
	if n.icon != nil {
		if b := n.icon(state); b != nil {
			icon = b
		}
	}
	return show(summary, body, icon)
}

// Package notify shows desktop notifications through beeep (D-Bus
// org.freedesktop.Notifications on Linux, osascript or terminal-notifier on
// macOS) and says cheaply whether they can be shown at all, so the tray can
// say "Notifications unavailable: no notification server" instead of
// failing silently.
package notify

import (
	"fmt"
	"strings"

	"github.com/gen2brain/beeep"
)

// AppName is the application name notifications carry.
const AppName = "authtray"

func init() { beeep.AppName = AppName }

// Notifier sends notifications; it implements core/alert's Sender.
type Notifier struct {
	// Icon is PNG bytes or an icon file path or name; "" shows none.
	Icon any
}

// New returns a Notifier with the given icon (PNG bytes, a path, or nil).
func New(icon []byte) *Notifier {
	if icon == nil {
		return &Notifier{Icon: ""}
	}
	return &Notifier{Icon: icon}
}

// Send shows one notification. beeep tries D-Bus, then notify-send, then
// kdialog, and fails in well under a second when none works; the error is
// shortened to its first cause so it fits one line.
func (n *Notifier) Send(summary, body string) error {
	icon := n.Icon
	if icon == nil {
		icon = ""
	}
	if err := beeep.Notify(summary, body, icon); err != nil {
		return fmt.Errorf("show notification: %s", firstCause(err))
	}
	return nil
}

// firstCause keeps the D-Bus part of beeep's "dbus: …; notify-send: …;
// kdialog: …" chain: the fallbacks' "not found" adds nothing.
func firstCause(err error) string {
	s, _, _ := strings.Cut(err.Error(), "; ")
	return strings.TrimPrefix(s, "beeep: ")
}

//go:build !darwin

package notify

import (
	"fmt"
	"strings"
)

// show posts through beeep, which tries D-Bus, then notify-send, then
// kdialog, and fails in well under a second when none works; the error is
// shortened to its first cause so it fits one line.
func show(summary, body string, icon any) error {
	if err := beeepNotify(summary, body, icon); err != nil {
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

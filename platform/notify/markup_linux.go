//go:build linux

package notify

import (
	"context"
	"slices"

	"github.com/godbus/dbus/v5"
)

// bodyMarkup reports whether the notification server may read a body as
// markup: true unless it lists its capabilities without "body-markup"
// (the desktop notifications specification's name for it). When it cannot
// be asked the body is escaped all the same: an entity shown as text is a
// blemish, a link from a store that renders as one is not. It asks the
// bus connection beeep sends on, so it asks the server that will show it.
func bodyMarkup() bool {
	conn, err := dbus.SessionBus()
	if err != nil {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	var caps []string
	obj := conn.Object(serverName, "/org/freedesktop/Notifications")
	if err := obj.CallWithContext(ctx, serverName+".GetCapabilities", 0).Store(&caps); err != nil {
		return true
	}
	return slices.Contains(caps, "body-markup")
}

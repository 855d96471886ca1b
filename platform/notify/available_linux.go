//go:build linux

package notify

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/godbus/dbus/v5"
)

// Unavailable reasons, worded for the tray menu ("Notifications
// unavailable: " + reason).
const (
	NoBus    = "no session bus"
	NoServer = "no notification server"
)

// checkTimeout bounds the whole check; a live bus answers in milliseconds.
const checkTimeout = time.Second

// Available reports whether a notification server owns
// org.freedesktop.Notifications on the session bus, and if not, why. It
// never starts a bus (no dbus-launch) and never activates a server.
func Available() (ok bool, reason string) {
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		// The systemd user bus, as godbus finds it, but never dbus-launch.
		if p := filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "bus"); os.Getenv("XDG_RUNTIME_DIR") != "" {
			if _, err := os.Stat(p); err == nil {
				addr = "unix:path=" + p
			}
		}
	}
	if addr == "" {
		return false, NoBus
	}
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return false, NoBus
	}
	defer conn.Close()
	var has bool
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.Notifications").Store(&has)
	if err != nil {
		return false, NoBus
	}
	if !has {
		return false, NoServer
	}
	return true, ""
}

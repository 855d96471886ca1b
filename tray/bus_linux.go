package tray

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/godbus/dbus/v5"
)

// NoBusMessage is printed when there is no desktop session bus.
const NoBusMessage = "No desktop session bus: the tray and its notifications can't start; run `authtray status` in a terminal instead."

// NoWatcherMessage is logged when no tray host is running yet.
const NoWatcherMessage = "No system tray yet (no StatusNotifierWatcher on the session bus): authtray keeps running and its icon appears when the panel starts."

var errNoBus = errors.New("no session bus")

// checkDesktop looks for a session bus and a StatusNotifierWatcher before
// systray.Run: fyne systray panics on Quit without a bus, and only logs when
// there is no watcher. The bus address is found the way godbus finds it, but
// without ever running dbus-launch (which would start a stray bus that
// outlives us).
func checkDesktop(timeout time.Duration) (watcher bool, err error) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		sock := fmt.Sprintf("/run/user/%d/bus", os.Getuid())
		if _, err := os.Stat(sock); err != nil {
			return false, errNoBus
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	type result struct {
		watcher bool
		err     error
	}
	ch := make(chan result, 1)
	go func() {
		conn, err := dbus.SessionBusPrivateNoAutoStartup()
		if err != nil {
			ch <- result{err: errNoBus}
			return
		}
		defer conn.Close()
		if err := conn.Auth(nil); err != nil {
			ch <- result{err: errNoBus}
			return
		}
		if err := conn.Hello(); err != nil {
			ch <- result{err: errNoBus}
			return
		}
		var has bool
		err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
		ch <- result{watcher: err == nil && has}
	}()
	select {
	case r := <-ch:
		return r.watcher, r.err
	case <-ctx.Done():
		return false, errNoBus
	}
}

//go:build linux

package notify

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// Unavailable reasons, worded for the tray menu ("Notifications
// unavailable: " + reason).
const (
	NoBus    = "no session bus"
	NoServer = "no notification server"
)

// checkTimeout bounds each check; a live bus answers in milliseconds.
const checkTimeout = time.Second

const serverName = "org.freedesktop.Notifications"

// Available reports once whether notifications can be shown, and if not,
// why. The tray uses a Checker instead, which keeps its connection.
func Available() (ok bool, reason string) {
	c := NewChecker(nil)
	defer c.Close()
	return c.Available()
}

// Checker says whether a notification server is there: one that owns
// org.freedesktop.Notifications now, or one the bus starts on demand
// (dunst, mako and xfce4-notifyd are D-Bus-activatable, and often not
// running until the first notification). It never starts a bus (no
// dbus-launch) and never activates a server.
//
// It keeps one session-bus connection and caches its answer until the
// name changes owner or the connection drops, so asking on every menu
// build costs nothing. It is safe for concurrent use.
type Checker struct {
	changed func() // called when the answer changes by itself; may be nil

	mu     sync.Mutex
	conn   *dbus.Conn
	end    context.CancelFunc // ends conn's context
	valid  bool
	ok     bool
	reason string
}

// NewChecker returns a Checker that connects on first use. changed, when
// not nil, is called (from another goroutine) when a server appears or
// goes away.
func NewChecker(changed func()) *Checker { return &Checker{changed: changed} }

// Available reports whether notifications can be shown, and if not, why.
func (c *Checker) Available() (ok bool, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid {
		c.ok, c.reason = c.check()
		c.valid = c.conn != nil
	}
	return c.ok, c.reason
}

// Close drops the connection.
func (c *Checker) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop()
	c.valid = false
}

// check asks the bus, connecting first when needed. c.mu is held.
func (c *Checker) check() (bool, string) {
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	if c.conn == nil {
		if err := c.connect(ctx); err != nil {
			return false, NoBus
		}
	}
	bus := c.conn.BusObject()
	var has bool
	if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, serverName).Store(&has); err != nil {
		c.drop()
		return false, NoBus
	}
	if has {
		return true, ""
	}
	var names []string
	if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err != nil {
		c.drop()
		return false, NoBus
	}
	if slices.Contains(names, serverName) {
		return true, ""
	}
	return false, NoServer
}

// connect opens the session bus and watches the server name's owner.
func (c *Checker) connect(ctx context.Context) error {
	addr := sessionAddr()
	if addr == "" {
		return os.ErrNotExist
	}
	// The connection lives until Close, so it cannot take ctx (godbus
	// closes a connection when its context ends); a slow bus is given up
	// on after checkTimeout all the same.
	life, end := context.WithCancel(context.Background())
	type result struct {
		conn *dbus.Conn
		err  error
	}
	done := make(chan result, 1)
	go func() {
		conn, err := dbus.Connect(addr, dbus.WithContext(life))
		done <- result{conn, err}
	}()
	var conn *dbus.Conn
	select {
	case r := <-done:
		if r.err != nil {
			end()
			return r.err
		}
		conn = r.conn
	case <-ctx.Done():
		end()
		return ctx.Err()
	}
	if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender("org.freedesktop.DBus"),
		dbus.WithMatchInterface("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, serverName)); err != nil {
		conn.Close()
		end()
		return err
	}
	sigs := make(chan *dbus.Signal, 4)
	conn.Signal(sigs)
	c.conn, c.end = conn, end
	go c.watch(conn, sigs)
	return nil
}

// sessionAddr is the session bus's address, "" when there is none: the
// environment's, else the systemd user bus as godbus finds it, but never
// dbus-launch.
func sessionAddr() string {
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" {
		return addr
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if p := filepath.Join(dir, "bus"); fileExists(p) {
			return "unix:path=" + p
		}
	}
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// watch invalidates the answer on each owner change of the server name,
// and forgets the connection when it closes (the channel is closed then).
func (c *Checker) watch(conn *dbus.Conn, sigs <-chan *dbus.Signal) {
	for range sigs {
		c.mu.Lock()
		if c.conn != conn {
			c.mu.Unlock()
			return
		}
		was, why := c.ok, c.reason
		c.ok, c.reason = c.check()
		c.valid = c.conn != nil
		moved := c.ok != was || c.reason != why
		c.mu.Unlock()
		if moved && c.changed != nil {
			c.changed()
		}
	}
	c.mu.Lock()
	if c.conn == conn {
		c.drop()
		c.valid = false
	}
	c.mu.Unlock()
}

// drop closes a connection that stopped answering. c.mu is held.
func (c *Checker) drop() {
	if c.conn != nil {
		c.conn.Close()
		c.end()
		c.conn, c.end = nil, nil
	}
}

// Note has nothing to add on Linux: the server is the user's own.
func (c *Checker) Note() string { return "" }

package pushstore

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/godbus/dbus/v5"
)

// KeyringName names the keyring in sentences.
const KeyringName = "keyring (Secret Service)"

const (
	secretsName     = "org.freedesktop.secrets"
	secretsPath     = "/org/freedesktop/secrets"
	loginPath       = secretsPath + "/collection/login"
	defaultAlias    = secretsPath + "/aliases/default"
	collectionIface = "org.freedesktop.Secret.Collection"
)

// probeKeyring asks the session bus, on a private connection and within
// ctx, whether go-keyring can be used without a prompt. It reads names and
// properties only: nothing it calls can activate a service, unlock or
// prompt. interactive says the caller may be prompted (a command typed in
// a terminal): then a locked keyring, or a Secret Service the bus would
// start, is Ready.
func probeKeyring(ctx context.Context, getenv func(string) string, interactive bool) Availability {
	addr := sessionBusAddress(getenv)
	if addr == "" {
		return Availability{Absent, "there is no D-Bus session bus here (no Secret Service)"}
	}
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return Availability{Absent, "the D-Bus session bus does not answer (no Secret Service)"}
	}
	defer conn.Close()
	bus := conn.BusObject()
	var owned bool
	if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, secretsName).Store(&owned); err != nil {
		return Availability{Unavailable, "the session bus did not answer"}
	}
	if !owned {
		var names []string
		bus.CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&names)
		if !slices.Contains(names, secretsName) {
			return Availability{Absent, "there is no Secret Service (" + secretsName + ") on the session bus"}
		}
		if interactive {
			return Availability{State: Ready}
		}
		// Starting it now would start it locked, and the next call would
		// prompt.
		return Availability{Locked, "the keyring is not running"}
	}
	locked, ok := collectionLocked(ctx, conn)
	switch {
	case ctx.Err() != nil:
		return Availability{Unavailable, "the keyring did not answer in time"}
	case !ok:
		if interactive {
			return Availability{State: Ready}
		}
		return Availability{Unavailable, "the keyring has no default collection"}
	case locked && !interactive:
		return Availability{Locked, "the keyring is locked"}
	}
	return Availability{State: Ready}
}

// collectionLocked reads the Locked property of the collection go-keyring
// uses: "login" when it exists, else the default alias.
func collectionLocked(ctx context.Context, conn *dbus.Conn) (locked, ok bool) {
	path := dbus.ObjectPath(defaultAlias)
	var v dbus.Variant
	err := conn.Object(secretsName, secretsPath).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, "org.freedesktop.Secret.Service", "Collections").Store(&v)
	if err == nil {
		if cs, isPaths := v.Value().([]dbus.ObjectPath); isPaths && slices.Contains(cs, dbus.ObjectPath(loginPath)) {
			path = loginPath
		}
	}
	err = conn.Object(secretsName, path).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, collectionIface, "Locked").Store(&v)
	if err != nil {
		return false, false
	}
	l, isBool := v.Value().(bool)
	return l, isBool
}

// sessionBusAddress is where godbus (and so go-keyring) finds the session
// bus, or "" when there is none: it is asked first, so that no call falls
// back to dbus-launch and spawns a bus.
func sessionBusAddress(getenv func(string) string) string {
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "disabled:" {
		return a
	}
	if d := getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(d) {
		p := filepath.Join(d, "bus")
		if fi, err := os.Stat(p); err == nil && fi.Mode().Type() == os.ModeSocket {
			return "unix:path=" + strings.ReplaceAll(p, ",", "%2c")
		}
	}
	return ""
}

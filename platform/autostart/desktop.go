package autostart

import (
	"bytes"
	"fmt"
	"strings"
)

// Entry says which desktop entry to generate.
type Entry struct {
	Exe string // absolute path of the authtray binary
	// Autostart makes the login-time entry (hidden from menus) instead of
	// the applications-menu entry.
	Autostart bool
	// Hidden writes the override that turns a system-wide autostart entry
	// off for this user (Hidden=true means "treat as deleted").
	Hidden bool
	// Generated adds the Marker, for files written into a user's home.
	Generated bool
}

// DesktopEntry renders a .desktop file: the applications-menu entry, or the
// XDG autostart entry.
func DesktopEntry(e Entry) []byte {
	var b bytes.Buffer
	w := func(k, v string) { fmt.Fprintf(&b, "%s=%s\n", k, v) }
	b.WriteString("[Desktop Entry]\n")
	w("Type", "Application")
	w("Version", "1.0")
	w("Name", "authtray")
	w("GenericName", "Credential expiry monitor")
	w("Comment", "Shows when Claude Code and OpenClaw credentials expire")
	w("Icon", Name)
	w("Exec", ExecArg(e.Exe))
	w("Terminal", "false")
	w("Categories", "System;Monitor;")
	w("Keywords", "claude;openclaw;oauth;token;expiry;tray;")
	if e.Autostart {
		w("NoDisplay", "true")
		w("X-GNOME-Autostart-enabled", fmt.Sprint(!e.Hidden))
		if e.Hidden {
			w("Hidden", "true")
		}
	} else {
		w("StartupNotify", "false")
	}
	if e.Generated {
		b.WriteString(Marker + "\n")
	}
	return b.Bytes()
}

// entryDisabled reports whether a desktop entry says not to autostart:
// Hidden=true, or X-GNOME-Autostart-enabled=false as GNOME's tools write.
func entryDisabled(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if (k == "Hidden" && v == "true") || (k == "X-GNOME-Autostart-enabled" && v == "false") {
			return true
		}
	}
	return false
}

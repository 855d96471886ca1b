package notify

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// On macOS without terminal-notifier, a notification is posted by osascript
// (`display notification`), and macOS attributes it to Script Editor
// (com.apple.ScriptEditor2): it shows only while Script Editor may notify,
// and osascript succeeds either way. Since macOS 15, Script Editor may not
// notify until the user allows it (it is not even listed in System
// Settings until Script Editor itself has posted one). This file decides,
// from facts the darwin code gathers, whether a notification can be shown.

// scriptEditorID is the bundle id macOS files osascript's notifications
// under.
const scriptEditorID = "com.apple.ScriptEditor2"

// allowNotifications is the "Allow Notifications" bit of an app's flags in
// com.apple.ncprefs (the switch in System Settings → Notifications).
const allowNotifications = 1 << 25

// Sentences for the menu ("Notifications unavailable: " + scriptEditorOff).
const (
	scriptEditorOff  = "they come from Script Editor, which may not notify: turn on System Settings → Notifications → Script Editor → Allow Notifications"
	scriptEditorNote = "Notifications come from Script Editor (System Settings → Notifications → Script Editor)"
)

// permission is what com.apple.ncprefs says of one app.
type permission int

const (
	permUnknown permission = iota // the preferences could not be read
	permAbsent                    // the app is not listed: it never asked
	permDenied
	permAllowed
)

// route is how a notification would be shown on macOS now.
type route struct {
	terminalNotifier bool // beeep finds terminal-notifier on PATH: its own app
	scriptEditor     permission
	major            int // macOS major version (0: unknown)
}

// showable reports whether a notification can be shown on r; when not,
// why, in menu words. A Script Editor not listed counts as refused from
// macOS 15 on (it must be allowed first), and as allowed before (the first
// notification registers it, allowed).
func (r route) showable() (bool, string) {
	switch {
	case r.terminalNotifier:
		return true, ""
	case r.scriptEditor == permDenied:
		return false, scriptEditorOff
	case r.scriptEditor == permAbsent && r.major >= 15:
		return false, scriptEditorOff
	}
	return true, ""
}

// note is what the menu says of notifications that can be shown on r.
func (r route) note() string {
	if ok, _ := r.showable(); !ok || r.terminalNotifier {
		return ""
	}
	return scriptEditorNote
}

// ncprefsPermission reads the XML form of com.apple.ncprefs (`defaults
// export com.apple.ncprefs -`): its "apps" array holds one dict per app,
// with "bundle-id" and "flags".
func ncprefsPermission(plist []byte, bundleID string) (permission, error) {
	type app struct {
		id        string
		flags     int64
		haveFlags bool
	}
	dec := xml.NewDecoder(bytes.NewReader(plist))
	var dicts []app // one per open <dict>, innermost last
	key := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return permAbsent, nil
		}
		if err != nil {
			return permUnknown, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "dict" {
				dicts, key = append(dicts, app{}), ""
				continue
			}
			var text string
			if t.Name.Local == "key" || t.Name.Local == "string" || t.Name.Local == "integer" {
				if err := dec.DecodeElement(&text, &t); err != nil {
					return permUnknown, err
				}
			}
			text = strings.TrimSpace(text)
			if t.Name.Local == "key" {
				key = text
				continue
			}
			if len(dicts) > 0 {
				d := &dicts[len(dicts)-1]
				switch {
				case key == "bundle-id" && t.Name.Local == "string":
					d.id = text
				case key == "flags" && t.Name.Local == "integer":
					if f, err := strconv.ParseInt(text, 10, 64); err == nil {
						d.flags, d.haveFlags = f, true
					}
				}
			}
			key = ""
		case xml.EndElement:
			if t.Name.Local != "dict" || len(dicts) == 0 {
				continue
			}
			d := dicts[len(dicts)-1]
			dicts = dicts[:len(dicts)-1]
			if d.id == bundleID && d.haveFlags {
				if d.flags&allowNotifications != 0 {
					return permAllowed, nil
				}
				return permDenied, nil
			}
		}
	}
}

// osaScript posts a notification from its arguments (title, then body), so
// no text is ever quoted into AppleScript source.
const osaScript = `on run argv
display notification (item 2 of argv) with title (item 1 of argv)
end run`

// osascriptArgv is the command that posts one notification.
func osascriptArgv(title, body string) []string {
	return []string{"/usr/bin/osascript", "-e", osaScript, "--", title, body}
}

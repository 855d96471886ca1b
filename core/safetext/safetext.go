// Package safetext holds the one cleaning step for every text that leaves
// the process, with one function per place it goes: a terminal (the status
// table, log lines, error sentences), JSON (status --json, watch --json), a
// tray menu label, a notification's summary and its body markup.
//
// Text from anywhere (a store's profile id, an email, a remote host's
// sentence, a path) may hold what a terminal or a notification server
// would act on: an OSC 52 clipboard write, an OSC 0 title change, a CR that
// overwrites the line, a NUL, a U+202E that reverses it, an <a href>. Every
// sink removes escape sequences, control, bidi and other invisible format
// characters (see strip); each then adds only what its place needs.
//
// Masked puts a redact.Set in front of a sink, so the never-a-token-byte
// rule holds at the same step.
package safetext

import (
	"strings"

	"github.com/authtray/authtray/core/redact"
)

// MaxLine is the longest one-line text kept: a menu label, a notification,
// a remote host's string (a sentence, a path or an id). Longer text is cut,
// so a hostile store or host cannot flood the menu.
const MaxLine = 512

// MaxField is the longest field printed to a terminal or in JSON: a path
// (PATH_MAX is 4096) or a fix command naming one.
const MaxField = 4096

// Line is text for one line shown to people: cleaned, runs of spaces
// collapsed, trimmed, at most MaxLine bytes. core/remote cleans everything
// a host sends with it.
func Line(s string) string { return strip(s, MaxLine, true) }

// Label is a tray menu label or tooltip (a Line; the systray binding adds
// its own escaping of the access-key "_").
func Label(s string) string { return Line(s) }

// Terminal is one field printed to a terminal: cleaned, its spacing kept (a
// fix command's quoted path stays the same path), at most MaxField bytes.
// Every part of a line goes through it; the program's own colour codes are
// added after.
func Terminal(s string) string { return strip(s, MaxField, false) }

// JSON is one JSON string value. The encoder escapes what JSON needs; this
// removes what `jq -r` would otherwise hand a terminal raw (C1 controls,
// bidi overrides and escape sequences the encoder only quotes), as for
// Terminal.
func JSON(s string) string { return strip(s, MaxField, false) }

// Summary is a notification's summary, which the desktop notifications
// specification makes plain text.
func Summary(s string) string { return Line(s) }

// Markup is a notification body for a server that reads body markup (the
// specification's "body-markup" capability): a Line with &, < and >
// escaped, so a store's "<a href=…>" is shown as text, not a link.
func Markup(s string) string { return markupEscaper.Replace(Line(s)) }

var markupEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Masked is sink with every value of secrets masked before it runs (so a
// cut cannot leave half a token behind) and again after (so a value split
// by characters the sink drops is caught whole). A nil set masks nothing.
func Masked(secrets *redact.Set, sink func(string) string) func(string) string {
	return func(s string) string {
		masked := secrets.Mask(s)
		out := sink(masked)
		if out == s && masked == s {
			// Neither the mask nor the sink changed s: masking it again
			// would give s again.
			return s
		}
		return secrets.Mask(out)
	}
}

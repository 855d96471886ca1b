package terminal

import (
	"path/filepath"
	"strings"
)

// The programs that open a macOS terminal, by absolute path: a tray started
// by launchd has a minimal PATH, and a PATH entry must never decide what
// runs.
const (
	openPath      = "/usr/bin/open"
	osascriptPath = "/usr/bin/osascript"
)

// itermScript opens a new iTerm window running its argument, and brings
// iTerm to the front (without activate the window may open behind the
// app the user is in).
const itermScript = `on run argv
tell application "iTerm"
activate
create window with default profile command (item 1 of argv)
end tell
end run`

// macArgv is the command that opens a terminal running script (an
// executable .command file): iTerm when preferred names it, else Terminal,
// which `open` starts and brings to the front.
func macArgv(preferred, script string) []string {
	switch strings.ToLower(filepath.Base(preferred)) {
	case "iterm", "iterm2", "iterm.app", "iterm2.app":
		return []string{osascriptPath, "-e", itermScript, itermQuote(script)}
	}
	return []string{openPath, "-a", "Terminal", script}
}

// itermQuote makes s one word of an iTerm "command": iTerm splits the
// command on whitespace, honouring only double quotes and backslash
// escapes (single quotes are literal), and expands a leading ~ in an
// unquoted word. So the word is double-quoted, and the two characters that
// mean something inside double quotes, " and \, are backslash-escaped;
// everything else, whitespace and newlines included, is literal there.
func itermQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

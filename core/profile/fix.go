package profile

import "strings"

// Unreadable marks p as a path that cannot be read for what is there, not
// for what it holds: a directory or a symlink loop where a file should be,
// permission denied. Signing in again would not repair that, so the fix
// shows the path ("ls -ld <path>", copy-pasteable) and the sentence says
// what to do. It never reads or names the path's content.
func Unreadable(p *Profile, path string) {
	p.State = Error
	p.Fix = "ls -ld " + ShellQuote(path)
	if !strings.Contains(p.Message, UnreadableHint) {
		p.Message = strings.TrimSuffix(p.Message, ".") + "; " + UnreadableHint
	}
}

// UnreadableHint ends the sentence of a row that Unreadable marks.
const UnreadableHint = "repair or remove that path (a new login would not fix it)"

// ShellQuote quotes s for a POSIX shell when it needs it, so a fix can be
// pasted into one.
func ShellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r == '/' || r == '.' || r == '_' || r == '-' || r == '~' || r == '+' || r == ',' || r == ':' || r == '@' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

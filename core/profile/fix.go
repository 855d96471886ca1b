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
	for i := 0; i < len(s); i++ {
		if !shellSafe[s[i]] { // a byte of a non-ASCII rune is never safe
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellSafe are the bytes a word needs no quotes for: ASCII letters,
// digits and /._-~+,:@.
var shellSafe = func() (t [256]bool) {
	for _, c := range []byte("/._-~+,:@") {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	return t
}()

// SetFix makes argv, run with env set, p's fix: FixArgs and FixEnv for a
// program, and Fix, the same command for a shell ("env NAME=value argv…"
// when env is not empty, each word quoted as needed).
func SetFix(p *Profile, env, argv []string) {
	p.FixEnv, p.FixArgs = env, argv
	p.Fix = ShellCommand(env, argv)
}

// TokenChainScript runs `claude setup-token` (which prints a new token) and
// then, only when it succeeded, the command in its positional arguments
// (which asks for that token). It is a constant: the data are arguments,
// never part of the script.
const TokenChainScript = `claude setup-token && exec "$@"`

// SetTokenChainFix makes p's fix `claude setup-token && <argv>`: argv
// (run with env) stores the token that claude setup-token prints. FixArgs
// runs TokenChainScript through sh with argv as its arguments.
func SetTokenChainFix(p *Profile, env, argv []string) {
	p.FixEnv = env
	p.FixArgs = append(append(make([]string, 0, 4+len(argv)), "sh", "-c", TokenChainScript, "sh"), argv...)
	p.Fix = shellCommand("claude setup-token && ", env, argv)
}

// ShellCommand is argv, run with env set, as one line for a POSIX shell.
func ShellCommand(env, argv []string) string { return shellCommand("", env, argv) }

// shellCommand is ShellCommand after prefix, built in one allocation (a
// large scan builds thousands).
func shellCommand(prefix string, env, argv []string) string {
	n := len(prefix) + len("env")
	for _, w := range env {
		n += len(w) + 3 // a space, and room for quotes
	}
	for _, w := range argv {
		n += len(w) + 3
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(prefix)
	sep := func() {
		if b.Len() > len(prefix) {
			b.WriteByte(' ')
		}
	}
	if len(env) > 0 {
		b.WriteString("env")
		for _, e := range env {
			name, value, _ := strings.Cut(e, "=")
			b.WriteByte(' ')
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(ShellQuote(value))
		}
	}
	for _, a := range argv {
		sep()
		b.WriteString(ShellQuote(a))
	}
	return b.String()
}

// PlainWord reports whether w can be a word of a fix command as it is:
// letters, digits and -_./:=@, only, and not too long to show. A fix
// built from another machine's words keeps only such words.
func PlainWord(w string) bool {
	if w == "" || len(w) > MaxFixWord {
		return false
	}
	for _, c := range w {
		if !(c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == '@' || c == ',' ||
			(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// MaxFixWord bounds one word of a fix command built from another
// machine's words.
const MaxFixWord = 256

// Renewal is how one click renews a row's credential: the row's source
// says which (core/source), the view builds the command.
type Renewal int

const (
	// RenewToken: `claude setup-token` makes a new token (nothing is
	// offered for an API key, which is replaced in its console, or for
	// another provider's credential).
	RenewToken Renewal = iota
	// RenewLogin: the row is Claude Code's own login, signed in again
	// (`claude auth login`) in the row's config dir.
	RenewLogin
	// RenewFix: the row's own fix (FixArgs with FixEnv) stores the new
	// credential where it was read, with the store's CLI; on another
	// machine without one, no command is known to be right.
	RenewFix
)

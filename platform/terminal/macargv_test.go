package terminal

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// itermSplit models how iTerm2 splits a "command" into argv
// (componentsInShellCommand): whitespace outside double quotes ends a word;
// a double quote toggles quoting (and starts a word, so "" is an empty
// word); a backslash escapes the next character, inside quotes or not, with
// \n \t \r \a meaning control characters; single quotes are ordinary; an
// unquoted word that starts with ~ has it expanded (modelled as the home
// /Users/me). An unterminated quote runs to the end.
func itermSplit(cmd string) []string {
	var out []string
	var word strings.Builder
	started, quoted, firstQuoted, escape := false, false, false, false
	end := func() {
		if started {
			w := word.String()
			if !firstQuoted && strings.HasPrefix(w, "~") {
				w = "/Users/me" + w[1:]
			}
			out = append(out, w)
		}
		word.Reset()
		started, firstQuoted = false, false
	}
	for _, r := range cmd {
		switch {
		case escape:
			escape = false
			if c, ok := itermEscapes[r]; ok {
				r = c
			}
			if !started {
				started, firstQuoted = true, true
			}
			word.WriteRune(r)
		case r == '\\':
			escape = true
		case r == '"':
			if !started {
				started, firstQuoted = true, true
			}
			quoted = !quoted
		case !quoted && unicode.IsSpace(r):
			end()
		default:
			started = true
			word.WriteRune(r)
		}
	}
	end()
	return out
}

// itermEscapes are the backslash escapes iTerm turns into control
// characters; any other escaped character stands for itself.
var itermEscapes = map[rune]rune{'n': '\n', 't': '\t', 'r': '\r', 'a': '\a'}

func TestItermSplitModel(t *testing.T) {
	// The model itself, on what iTerm's rule says.
	for cmd, want := range map[string][]string{
		`/bin/sh -c x`:          {"/bin/sh", "-c", "x"},
		`"a b" c`:               {"a b", "c"},
		`'a b'`:                 {"'a", "b'"},
		`a\ b`:                  {"a b"},
		`"a\"b"`:                {`a"b`},
		`a\nb`:                  {"a\nb"},
		`""`:                    {""},
		`~/x "~/y"`:             {"/Users/me/x", "~/y"},
		"a\tb\nc":               {"a", "b", "c"},
		`"unterminated  spaces`: {"unterminated  spaces"},
	} {
		if got := itermSplit(cmd); !reflect.DeepEqual(got, want) {
			t.Errorf("itermSplit(%q) = %q, want %q", cmd, got, want)
		}
	}
}

// hostilePaths are script paths a user's state dir could produce, and worse.
func hostilePaths(r *rand.Rand) []string {
	paths := []string{
		"/Users/me/Library/Application Support/authtray/reauth-123.command",
		`/Users/o'brien/Library/Application Support/authtray/reauth-1.command`,
		`/Users/me/a "quoted" dir/reauth.command`,
		`/Users/me/back\slash\n\t\"\\/reauth.command`,
		"/Users/me/new\nline/and\ttab/reauth.command",
		"/Users/me/~tilde/$HOME/`date`/$(id)/reauth.command",
		"~/reauth.command",
		"/Users/mé/Ünïcödé 日本語/🙂/reauth.command",
		"/Users/me/trailing space /reauth.command ",
		`/Users/me/ends with backslash\`,
		`"`, `\`, `\\"`, " ", "",
	}
	alphabet := []rune(" \t\n\"'\\~$`;&|<>()*?[]{}#!%naté日🙂/")
	for i := 0; i < 2000; i++ {
		n := 1 + r.IntN(24)
		var b strings.Builder
		for j := 0; j < n; j++ {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		paths = append(paths, "/Users/me/"+b.String())
	}
	return paths
}

func TestItermQuoteRoundTrips(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 3))
	for _, p := range hostilePaths(r) {
		argv := macArgv("iTerm", p)
		if got := itermSplit(argv[3]); len(got) != 1 || got[0] != p {
			t.Fatalf("iTerm would run %q for the script %q (command %q)", got, p, argv[3])
		}
	}
	// Sanity: without the quoting, the usual path breaks apart.
	p := "/Users/me/Library/Application Support/authtray/reauth-1.command"
	if got := itermSplit(p); len(got) == 1 {
		t.Fatal("the split model does not split on spaces: the round trip proves nothing")
	}
}

func TestMacArgv(t *testing.T) {
	script := "/Users/me/Library/Application Support/authtray/reauth-1.command"
	for _, pref := range []string{"iTerm", "iterm2", "/Applications/iTerm.app", "ITERM.APP"} {
		argv := macArgv(pref, script)
		if argv[0] != "/usr/bin/osascript" || argv[1] != "-e" || len(argv) != 4 {
			t.Fatalf("%s: argv = %q", pref, argv)
		}
		for _, line := range []string{`tell application "iTerm"`, "activate", "create window with default profile command (item 1 of argv)"} {
			if !strings.Contains(argv[2], line+"\n") {
				t.Errorf("%s: the script lacks %q:\n%s", pref, line, argv[2])
			}
		}
		if strings.Index(argv[2], "activate") > strings.Index(argv[2], "create window") {
			t.Errorf("%s: iTerm is activated after the window opens", pref)
		}
	}
	for _, pref := range []string{"", "Terminal", "kitty", "/usr/bin/xterm"} {
		if argv := macArgv(pref, script); !reflect.DeepEqual(argv, []string{"/usr/bin/open", "-a", "Terminal", script}) {
			t.Errorf("%q: argv = %q", pref, argv)
		}
	}
}

package safetext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// cleans are a sink's expected outputs.
type cleans []struct{ in, want string }

// check fails t for each text that sink f (named name) cleans otherwise.
func (tests cleans) check(t *testing.T, name string, f func(string) string) {
	t.Helper()
	for _, tt := range tests {
		if got := f(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", name, tt.in, got, tt.want)
		}
	}
}

func TestLine(t *testing.T) {
	cleans{
		{"plain text", "plain text"},
		{"red \x1b[31mALERT\x1b[0m done", "red ALERT done"},
		{"title \x1b]0;pwned\x07 after", "title after"},
		{"clip \x1b]52;c;aGVsbG8=\x07 after", "clip after"},
		{"link \x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\", "link here"},
		{"c1 csi \u009b31mX", "c1 csi X"},
		{"c1 osc \u009d0;t\u009c end", "c1 osc end"},
		{"bidi \u202egnp.exe\u202c ok", "bidi gnp.exe ok"},
		{"isolate \u2066x\u2069", "isolate x"},
		{"zero\u200bwidth", "zerowidth"},
		{"line\nbreak\r\tand\x00nul", "line break and nul"},
		{"sep\u2028line\u2029par", "seplinepar"},
		{"del\x7fchar", "del char"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"  lead and trail  ", "lead and trail"},
		{"esc at end \x1b", "esc at end"},
		{"charset \x1b(Bx", "charset x"},
		{"unterminated \x1b]0;forever", "unterminated"},
		{"<a href=\"x\">y</a> & z", "<a href=\"x\">y</a> & z"},
	}.check(t, "Line", Line)
}

func TestTerminalKeepsSpacing(t *testing.T) {
	tests := cleans{
		{"fix: OPENCLAW_STATE_DIR='/my  dir' openclaw", "fix: OPENCLAW_STATE_DIR='/my  dir' openclaw"},
		{"  indented", "  indented"},
		{"cr\roverwrite", "cr overwrite"},
		{"osc52 \x1b]52;c;c2stYW50\x1b\\ gone", "osc52  gone"},
		{"bidi \u202eevil", "bidi evil"},
	}
	tests.check(t, "Terminal", Terminal)
	tests.check(t, "JSON", JSON)
}

func TestMarkup(t *testing.T) {
	cleans{
		{`<a href="https://evil.example">renew</a>`, `&lt;a href="https://evil.example"&gt;renew&lt;/a&gt;`},
		{"a && b", "a &amp;&amp; b"},
		{"<b>bold</b> \x1b[1m", "&lt;b&gt;bold&lt;/b&gt;"},
		{"&amp;", "&amp;amp;"},
	}.check(t, "Markup", Markup)
}

func TestLimits(t *testing.T) {
	for _, tt := range []struct {
		name string
		sink func(string) string
		max  int
	}{
		{"Line", Line, MaxLine},
		{"Label", Label, MaxLine},
		{"Summary", Summary, MaxLine},
		{"Terminal", Terminal, MaxField},
		{"JSON", JSON, MaxField},
	} {
		got := tt.sink(strings.Repeat("é", 2*tt.max))
		if len(got) > tt.max || !utf8.ValidString(got) {
			t.Errorf("%s: len %d valid %v", tt.name, len(got), utf8.ValidString(got))
		}
	}
}

var sinks = []struct {
	name       string
	f          func(string) string
	max        int
	idempotent bool
}{
	{"Line", Line, MaxLine, true},
	{"Terminal", Terminal, MaxField, true},
	{"JSON", JSON, MaxField, true},
	{"Markup", Markup, 5 * MaxLine, false},
}

// FuzzLine: whatever a store or a host holds, nothing that a terminal, a
// menu or a notification would interpret survives any sink.
func FuzzLine(f *testing.F) {
	f.Add("\x1b[31mred\x1b[0m")
	f.Add("\x1b]0;title\x07")
	f.Add("\u202eabc\u009b1m")
	f.Fuzz(func(t *testing.T, s string) {
		for _, sink := range sinks {
			c := sink.f(s)
			if len(c) > sink.max || !utf8.ValidString(c) {
				t.Fatalf("%s(%q) = %q: too long or invalid UTF-8", sink.name, s, c)
			}
			if bad := unsafeRune(c); bad >= 0 {
				t.Fatalf("%s(%q) = %q keeps %U", sink.name, s, c, bad)
			}
			if sink.idempotent && sink.f(c) != c {
				t.Fatalf("%s is not idempotent on %q", sink.name, s)
			}
		}
	})
}

func unsafeRune(s string) rune {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
			return r
		}
	}
	return -1
}

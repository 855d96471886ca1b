package remote

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"red \x1b[31mALERT\x1b[0m done", "red ALERT done"},
		{"title \x1b]0;pwned\x07 after", "title after"},
		{"link \x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\", "link here"},
		{"c1 csi \u009b31mX", "c1 csi X"},
		{"c1 osc \u009d0;t\u009c end", "c1 osc end"},
		{"bidi \u202egnp.exe\u202c ok", "bidi gnp.exe ok"},
		{"isolate \u2066x\u2069", "isolate x"},
		{"zero\u200bwidth", "zerowidth"},
		{"line\nbreak\r\tand\x00nul", "line break and nul"},
		{"del\x7fchar", "del char"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"  lead and trail  ", "lead and trail"},
		{"esc at end \x1b", "esc at end"},
		{"charset \x1b(Bx", "charset x"},
		{"unterminated \x1b]0;forever", "unterminated"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanLimit(t *testing.T) {
	got := Clean(strings.Repeat("é", 2*MaxText))
	if len(got) > MaxText || !utf8.ValidString(got) {
		t.Fatalf("len %d valid %v", len(got), utf8.ValidString(got))
	}
}

// FuzzClean: whatever a host sends, nothing that a terminal or a menu would
// interpret survives.
func FuzzClean(f *testing.F) {
	f.Add("\x1b[31mred\x1b[0m")
	f.Add("\x1b]0;title\x07")
	f.Add("\u202eabc\u009b1m")
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if len(c) > MaxText || !utf8.ValidString(c) {
			t.Fatalf("Clean(%q) = %q: too long or invalid UTF-8", s, c)
		}
		if !unsafeFree(c) {
			t.Fatalf("Clean(%q) = %q keeps a control or format character", s, c)
		}
		if Clean(c) != c {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
	})
}

func unsafeFree(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f {
			return false
		}
	}
	return true
}

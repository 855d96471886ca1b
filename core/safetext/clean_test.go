package safetext

import (
	"testing"
	"unicode/utf8"
)

// TestCleanFastPath: whenever clean lets a string through unchanged, the
// rune-by-rune strip gives the same string, over every short string of a
// small alphabet holding spaces, a control, ESC, DEL, a C1 byte, a format
// character and an invalid byte, at both limits and both line modes.
func TestCleanFastPath(t *testing.T) {
	alphabet := []string{"a", " ", "~", "\t", "\x1b", "\x7f", "\u0085", "\u200b", "\xff", "["}
	var all []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		all = append(all, prefix)
		if n == 0 {
			return
		}
		for _, a := range alphabet {
			grow(prefix+a, n-1)
		}
	}
	grow("", 4)
	fast := 0
	for _, s := range all {
		for _, limit := range []int{3, 16} {
			for _, oneLine := range []bool{false, true} {
				if !clean(s, limit, oneLine) {
					continue
				}
				fast++
				if got := stripRunes(s, limit, oneLine); got != s {
					t.Errorf("strip(%q, %d, %v) = %q, but clean let it through", s, limit, oneLine, got)
				}
			}
		}
	}
	if fast == 0 {
		t.Fatal("clean let nothing through")
	}
}

// TestCleanRefuses: what strip changes is never let through.
func TestCleanRefuses(t *testing.T) {
	for _, tc := range []struct {
		s       string
		limit   int
		oneLine bool
	}{
		{" a", 10, true}, {"a ", 10, true}, {"a  b", 10, true}, {"abcd", 3, false},
		{"a\x1b[2Jb", 10, false}, {"a\tb", 10, false}, {"a\u202eb", 10, false}, {"\xff", 10, false}, {"é", 10, false},
	} {
		if clean(tc.s, tc.limit, tc.oneLine) {
			t.Errorf("clean(%q, %d, %v) is true", tc.s, tc.limit, tc.oneLine)
		}
	}
	if !utf8.ValidString("a b") || !clean("a b", 10, true) || !clean(" a  b ", 10, false) {
		t.Error("clean refuses printable ASCII")
	}
}

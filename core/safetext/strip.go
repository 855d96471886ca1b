package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// strip is the one cleaning step every sink shares: escape sequences (CSI,
// OSC, DCS … as ESC or as their C1 forms) are removed whole, every other
// control character (C0, DEL, C1) becomes a space, bidirectional overrides
// and isolates and other invisible format characters (Unicode Cf: U+202A–
// U+202E, U+2066–U+2069, zero-width joiners, BOMs) and the line and
// paragraph separators are dropped, and invalid UTF-8 becomes U+FFFD. With
// oneLine, runs of spaces collapse and leading and trailing ones go. The
// result is cut to limit bytes on a rune boundary.
func strip(s string, limit int, oneLine bool) string {
	if clean(s, limit, oneLine) {
		return s
	}
	return stripRunes(s, limit, oneLine)
}

// stripRunes is strip, rune by rune.
func stripRunes(s string, limit int, oneLine bool) string {
	var b strings.Builder
	b.Grow(min(len(s), limit))
	space := false
	put := func(r rune) {
		if oneLine && r == ' ' {
			if space || b.Len() == 0 {
				return
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	for i := 0; i < len(s) && b.Len() < limit+utf8.UTFMax; {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			put('\uFFFD')
			i += max(n, 1)
			continue
		}
		switch {
		case r == 0x1b: // ESC: skip the whole sequence
			i = skipEscape(s, i+n)
			continue
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+n)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // C1 OSC, DCS, SOS, PM, APC
			i = skipString(s, i+n)
			continue
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			put(' ')
		case unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029:
			// Format characters and separators: dropped.
		default:
			put(r)
		}
		i += n
	}
	return cut(b.String(), limit, oneLine)
}

// clean reports whether strip would return s as it is: printable ASCII
// only (no escape, control, format character or invalid UTF-8), within
// limit, and for one line no leading, trailing or doubled space. Most of
// what authtray prints is, and the rune-by-rune copy was a twelfth of the
// instructions of status --check (callgrind).
func clean(s string, limit int, oneLine bool) bool {
	if len(s) > limit {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e {
			return false
		}
		if oneLine && c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// cut shortens s to at most limit bytes on a rune boundary; one line
// loses its trailing spaces too.
func cut(s string, limit int, oneLine bool) string {
	if len(s) > limit {
		n := limit
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	if oneLine {
		s = strings.TrimRight(s, " ")
	}
	return s
}

// skipEscape returns the index after the escape sequence whose ESC ended at i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: strings
		return skipString(s, i+1)
	}
	// Two-character (ESC c) or with intermediates (ESC ( B): intermediates
	// are 0x20–0x2f, then one final byte.
	// An ESC or another control before the final byte cancels the sequence
	// (a terminal starts the next one there), so it is left for the caller.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameters and intermediates up to and including the final
// byte (0x40–0x7e).
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 && c != 0x1b {
			continue
		}
		if c == 0x1b {
			return i - 1
		}
	}
	return i
}

// skipString skips a control string up to its terminator: BEL, ESC \ or C1 ST.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}

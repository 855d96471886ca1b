package gateway

import (
	"strings"
	"unicode"
)

// The gateway normalises ids and names with JavaScript's string methods,
// whose notions of white space and lower case are not Go's.

// jsTrim is JavaScript's String.prototype.trim: white space and line
// terminators off both ends. That is Go's unicode.IsSpace less U+0085
// (NEL, which JavaScript keeps) and plus U+FEFF (the byte-order mark).
func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

func isJSSpace(r rune) bool { return r == '\uFEFF' || (r != 0x85 && unicode.IsSpace(r)) }

// jsLower is JavaScript's toLowerCase where it differs from Go's here: the
// one unconditional full mapping, İ (U+0130) to "i" and a combining dot,
// whose dot then becomes a dash ("İstanbul" is "i-stanbul" to the gateway).
func jsLower(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307"))
}

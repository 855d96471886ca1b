// Package safetexttest generates hostile text for tests of the places text
// leaves authtray (core/safetext's sinks), and says what must not survive
// there. Tests put its strings in every field a store, a setting or a host
// can fill, and check each output with Unsafe.
package safetexttest

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Payloads that escape sequences carry; none may survive any sink, since
// the whole sequence is removed.
const (
	TitlePayload = "PWNEDTITLE"
	ClipPayload  = "PWNEDCLIP"
)

// clipB64 is ClipPayload as an OSC 52 write carries it.
var clipB64 = base64.StdEncoding.EncodeToString([]byte(ClipPayload))

// Pieces are the hostile parts, one of each class: escape sequences (CSI,
// OSC 0 title, OSC 52 clipboard, OSC 8 link, DCS, as ESC and as C1), C0
// and C1 controls (CR, NUL, BEL, BS, NEL), DEL, bidi overrides and
// isolates, zero-width and other format characters, line separators,
// markup, invalid UTF-8.
func Pieces() []string {
	return []string{
		"\x1b[31m", "\x1b[2J", "\x1b[?1049h", "\x1b(B", "\x1bc",
		"\x1b]0;" + TitlePayload + "\x07",
		"\x1b]2;" + TitlePayload + "\x1b\\",
		"\x1b]52;c;" + clipB64 + "\x07",
		"\x1b]52;c;" + clipB64 + "\x1b\\",
		"\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
		"\x1bP" + TitlePayload + "\x1b\\",
		"\u009b31m", "\u009d0;" + TitlePayload + "\u009c", "\u0090" + TitlePayload + "\u009c", "\u0085",
		"\r", "\n", "\x00", "\x07", "\x08", "\t", "\x7f", "\x1b",
		"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
		"\u200e", "\u200f", "\u061c", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029",
		`<a href="https://evil.example/">renew here</a>`, "<b>", "&", "&amp;", "<", ">",
		"\xff", "\xc3", "\xed\xa0\x80",
	}
}

// Strings are hostile texts built from Pieces: each piece alone and inside
// ordinary words, all of them in a row, seeded random mixes, and very long
// texts (a piece at the cut, 64 KiB of letters).
func Strings() []string {
	ps := Pieces()
	var out []string
	for _, p := range ps {
		out = append(out, p, "anthropic:"+p+"manual", "a@b.c"+p, p+p+"x")
	}
	out = append(out, strings.Join(ps, ""), strings.Join(ps, "word "))
	r := rand.New(rand.NewPCG(14, 17))
	for range 200 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(ps[r.IntN(len(ps))])
			b.WriteString([]string{"", "id", " ", "é", "sk"}[r.IntN(5)])
		}
		out = append(out, b.String())
	}
	for _, n := range []int{511, 512, 513, 4095, 4096, 4097} {
		for _, p := range []string{"\x1b]0;" + TitlePayload + "\x07", "\u202e", "é", "<"} {
			out = append(out, strings.Repeat("a", n-1)+p+"tail")
		}
	}
	return append(out, strings.Repeat("A", 64<<10), strings.Repeat("\u202e", 10000))
}

// Unsafe returns the first thing in s no terminal, JSON consumer, menu or
// notification may receive: a control character, a format (bidi,
// zero-width) character, a line separator, invalid UTF-8, or an escape
// sequence's payload. "" when s is clean.
func Unsafe(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
			return fmt.Sprintf("%U", r)
		}
	}
	for _, p := range []string{TitlePayload, ClipPayload, clipB64} {
		if strings.Contains(s, p) {
			return "escape payload " + p
		}
	}
	return ""
}

// UnsafeMarkup is Unsafe plus markup: a raw < or >, or an & that starts no
// entity, would be read by a server that renders body markup.
func UnsafeMarkup(s string) string {
	if u := Unsafe(s); u != "" {
		return u
	}
	if strings.ContainsAny(s, "<>") {
		return "raw < or >"
	}
	for i := strings.IndexByte(s, '&'); i >= 0; i = next(s, i) {
		rest := s[i:]
		if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
			return "raw &"
		}
	}
	return ""
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '&')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

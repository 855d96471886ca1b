package json5

import (
	"bytes"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// space skips whitespace and comments (JSON5 whitespace: the ASCII ones,
// U+00A0, U+FEFF, the line and paragraph separators and Unicode Zs).
func (p *parser) space() {
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			p.pos++
		case c == '/':
			p.comment()
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(p.data[p.pos:])
			if r != 0xA0 && r != 0xFEFF && r != 0x2028 && r != 0x2029 && !unicode.Is(unicode.Zs, r) {
				return
			}
			p.pos += n
		default:
			return
		}
	}
}

func (p *parser) comment() {
	rest := p.data[p.pos:]
	switch {
	case bytes.HasPrefix(rest, []byte("//")):
		p.pos += 2
		for p.pos < len(p.data) && !p.lineEnd() {
			p.pos++
		}
	case bytes.HasPrefix(rest, []byte("/*")):
		end := bytes.Index(rest[2:], []byte("*/"))
		if end < 0 {
			p.fail("unterminated comment")
		}
		p.pos += 2 + end + 2
	default:
		p.fail("unexpected character")
	}
}

// lineEnd: a line terminator starts at pos (LF, CR, U+2028, U+2029).
func (p *parser) lineEnd() bool {
	switch c := p.data[p.pos]; {
	case c == '\n' || c == '\r':
		return true
	case c == 0xE2:
		r, _ := utf8.DecodeRune(p.data[p.pos:])
		return r == 0x2028 || r == 0x2029
	}
	return false
}

// str reads a quoted string. Most strings have no escape and are one copy.
func (p *parser) str() string {
	q := p.data[p.pos]
	p.pos++
	start := p.pos
	for i := start; i < len(p.data); i++ {
		switch p.data[i] {
		case q:
			p.pos = i + 1
			return string(p.data[start:i])
		case '\\', '\n', '\r':
			p.pos = i
			return p.escapedStr(q, append([]byte(nil), p.data[start:i]...))
		}
	}
	p.pos = len(p.data)
	p.fail("unterminated string")
	return ""
}

func (p *parser) escapedStr(q byte, buf []byte) string {
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == q:
			p.pos++
			return string(buf)
		case c == '\n' || c == '\r':
			p.fail("line break in a string")
		case c == '\\':
			p.pos++
			buf = p.escape(buf)
		default:
			buf = append(buf, c)
			p.pos++
		}
	}
	p.fail("unterminated string")
	return ""
}

// letterEscapes maps the letter of a one-letter escape (\n) to the byte it
// stands for; 0 for any other character.
var letterEscapes = [256]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}

// escape reads one escape sequence after its backslash.
func (p *parser) escape(buf []byte) []byte {
	c := p.peek()
	p.pos++
	if e := letterEscapes[c]; e != 0 {
		return append(buf, e)
	}
	switch c {
	case '\n':
		return buf // a line continuation
	case '\r':
		if p.pos < len(p.data) && p.data[p.pos] == '\n' {
			p.pos++ // CR LF: one line continuation
		}
		return buf
	case '0':
		if p.pos < len(p.data) && isDigit(p.data[p.pos]) {
			p.fail("invalid escape")
		}
		return append(buf, 0)
	case 'x':
		return utf8.AppendRune(buf, rune(p.hex(2)))
	case 'u':
		return utf8.AppendRune(buf, p.unicodeEscape())
	}
	if isDigit(c) {
		p.fail("invalid escape")
	}
	// Any other character stands for itself; U+2028 and U+2029 continue
	// the line.
	p.pos--
	r, n := utf8.DecodeRune(p.data[p.pos:])
	p.pos += n
	if r == 0x2028 || r == 0x2029 {
		return buf
	}
	return append(buf, p.data[p.pos-n:p.pos]...)
}

// unicodeEscape reads XXXX after \u, and a low surrogate's \uXXXX after a
// high one. A lone surrogate becomes U+FFFD (Go strings are UTF-8).
func (p *parser) unicodeEscape() rune {
	r := rune(p.hex(4))
	if utf16.IsSurrogate(r) && r < 0xDC00 && bytes.HasPrefix(p.data[p.pos:], []byte(`\u`)) {
		save := p.pos
		p.pos += 2
		if lo := rune(p.hex(4)); lo >= 0xDC00 && lo <= 0xDFFF {
			return utf16.DecodeRune(r, lo)
		}
		p.pos = save
	}
	if utf16.IsSurrogate(r) {
		return utf8.RuneError
	}
	return r
}

func (p *parser) hex(n int) int {
	v := 0
	for range n {
		d, ok := hexVal(p.peek())
		if !ok {
			p.fail("invalid escape")
		}
		v = v*16 + d
		p.pos++
	}
	return v
}

// key reads an object key: a string or an ECMAScript identifier name.
func (p *parser) key() string {
	if c := p.peek(); c == '"' || c == '\'' {
		return p.str()
	}
	start := p.pos
	var buf []byte // only for keys with \u escapes
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '\\' {
			if buf == nil {
				buf = append([]byte{}, p.data[start:p.pos]...)
			}
			buf = p.identEscape(buf, len(buf) == 0)
			continue
		}
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(p.data[p.pos:])
		}
		if !isIdentRune(r, p.pos == start && buf == nil) {
			break
		}
		if buf != nil {
			buf = append(buf, p.data[p.pos:p.pos+n]...)
		}
		p.pos += n
	}
	switch {
	case buf != nil:
		return string(buf)
	case p.pos == start:
		p.fail("expected a key")
	}
	return string(p.data[start:p.pos])
}

func (p *parser) identEscape(buf []byte, first bool) []byte {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(`\u`)) {
		p.fail("invalid escape in a key")
	}
	p.pos += 2
	r := rune(p.hex(4))
	if !isIdentRune(r, first) {
		p.fail("invalid escape in a key")
	}
	return utf8.AppendRune(buf, r)
}

// isIdentRune: ECMAScript IdentifierStart ($, _, letters) or, after the
// first, IdentifierPart (combining marks, digits, connectors, ZWNJ, ZWJ).
func isIdentRune(r rune, first bool) bool {
	switch {
	case r == '$' || r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z'):
		return true
	case r < utf8.RuneSelf:
		return !first && '0' <= r && r <= '9'
	case unicode.IsLetter(r) || unicode.Is(unicode.Nl, r):
		return r != utf8.RuneError
	}
	return !first && (unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc) || r == 0x200C || r == 0x200D)
}

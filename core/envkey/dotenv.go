package envkey

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDotenvBytes is the gateway's limit: a larger dotenv file is skipped
// whole (MAX_DOTENV_FILE_BYTES, dist/dotenv-global-*.mjs).
const maxDotenvBytes = 1 << 20

// ParseDotenv reads a dotenv file as the gateway's dotenv package (17.x)
// does: its LINE expression, KEY=value or `KEY: value`, an optional
// `export `, `#` comments, values in single, double or backtick quotes that
// may span lines (double quotes expand \n and \r); a quote that does not
// close is part of a plain value, and the lines after it are read as usual.
// Lines that are not KEY=value are skipped, as dotenv skips them; their
// numbers are returned so a row can say the file was partly unreadable.
//
// It is one pass: every byte is looked at a bounded number of times,
// whatever the quotes (the expression itself backtracks).
func ParseDotenv(data []byte) (vars map[string]string, bad []int) {
	p := dotenv{s: normalizeNewlines(string(data)), line: 1}
	vars = map[string]string{}
	for {
		p.pos = p.skipSpace(p.pos)
		if p.pos >= len(p.s) {
			return vars, bad
		}
		key, val, end, ok := p.entry(p.pos)
		switch {
		case ok && validKey(key):
			vars[key] = val
			p.advance(end)
			continue
		case ok:
			// dotenv reads it; the gateway drops the key.
			bad = append(bad, p.lineOf(p.pos))
			p.advance(end)
			continue
		}
		if p.s[p.pos] != '#' {
			bad = append(bad, p.lineOf(p.pos))
		}
		p.advance(p.lineEnd(p.pos))
	}
}

// dotenv is the parser's state: the text (newlines normalized), where it
// is, and the line number there.
type dotenv struct {
	s       string
	pos     int
	line    int
	counted int   // s[:counted] has been counted into line
	escaped []int // scratch for quoted
}

// normalizeNewlines turns CR LF and lone CR into LF, as dotenv does.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func (p *dotenv) advance(to int) { p.pos = max(to, p.pos+1) }

// lineOf is the 1-based line of offset i (offsets only grow).
func (p *dotenv) lineOf(i int) int {
	p.line += strings.Count(p.s[p.counted:i], "\n")
	p.counted = i
	return p.line
}

func (p *dotenv) lineEnd(i int) int {
	if j := strings.IndexByte(p.s[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(p.s)
}

// entry matches one KEY=value at i, returning where the match ends.
func (p *dotenv) entry(i int) (key, val string, end int, ok bool) {
	if rest, found := strings.CutPrefix(p.s[i:], "export"); found {
		if j := p.skipSpace(len(p.s) - len(rest)); j > len(p.s)-len(rest) {
			if key, val, end, ok = p.keyValue(j); ok {
				return key, val, end, ok
			}
		}
	}
	return p.keyValue(i)
}

func (p *dotenv) keyValue(i int) (key, val string, end int, ok bool) {
	j := i
	for j < len(p.s) && isKeyByte(p.s[j]) {
		j++
	}
	if j == i {
		return "", "", 0, false
	}
	key = p.s[i:j]
	start := -1
	if k := p.skipSpace(j); k < len(p.s) && p.s[k] == '=' {
		start = k + 1
	} else if j < len(p.s) && p.s[j] == ':' {
		if r, n := utf8.DecodeRuneInString(p.s[j+1:]); n > 0 && isSpace(r) {
			start = j + 1 + n
		}
	}
	if start < 0 {
		return "", "", 0, false
	}
	val, end = p.value(start)
	return key, val, end, true
}

// value reads the value at i: a quoted one if a quote (after blanks) opens
// one that closes where only blanks or a comment follow, else the rest of
// the line up to '#'.
func (p *dotenv) value(i int) (string, int) {
	if q := p.skipSpace(i); q < len(p.s) && strings.IndexByte("'\"`", p.s[q]) >= 0 {
		if closing, end, ok := p.quoted(q); ok {
			return unquote(p.s[q : closing+1]), end
		}
	}
	if i >= len(p.s) || p.s[i] == '#' || p.s[i] == '\n' {
		return "", i // no value
	}
	e := i
	for e < len(p.s) && p.s[e] != '#' && p.s[e] != '\n' {
		e++
	}
	return unquote(p.s[i:e]), p.lineEnd(e)
}

// quoted finds the closing quote of the quote at o as the expression's
// backtracking would: the first unescaped quote, else an escaped one before
// it, the last first; it must be followed by blanks, then a line end, the
// end of the text or a comment.
func (p *dotenv) quoted(o int) (closing, end int, ok bool) {
	q := p.s[o]
	escaped := p.escaped[:0]
	defer func() { p.escaped = escaped[:0] }()
	first := -1
	for i := o + 1; i < len(p.s); i++ {
		if p.s[i] == '\\' && i+1 < len(p.s) && p.s[i+1] == q {
			escaped = append(escaped, i+1)
			i++
			continue
		}
		if p.s[i] == q {
			first = i
			break
		}
	}
	if first >= 0 {
		escaped = append(escaped, first)
	}
	for k := len(escaped) - 1; k >= 0; k-- {
		if end, ok := p.closes(escaped[k]); ok {
			return escaped[k], end, true
		}
	}
	return 0, 0, false
}

// closes reports whether a quote at c can end a value, and where the
// match then ends.
func (p *dotenv) closes(c int) (int, bool) {
	lastNL := -1
	e := c + 1
	for e < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[e:])
		if !isSpace(r) {
			break
		}
		if r == '\n' {
			lastNL = e
		}
		e += n
	}
	switch {
	case e == len(p.s):
		return e, true
	case p.s[e] == '#':
		return p.lineEnd(e), true
	case lastNL >= 0:
		return lastNL, true
	}
	return 0, false
}

// unquote finishes a value as dotenv does: trimmed, one pair of matching
// outer quotes removed, and \n, \r expanded when it began with '"'.
func unquote(v string) string {
	v = strings.TrimFunc(v, isSpace)
	if v == "" {
		return v
	}
	q := v[0]
	if len(v) >= 2 && strings.IndexByte("'\"`", q) >= 0 && v[len(v)-1] == q {
		v = v[1 : len(v)-1]
	}
	if q == '"' && strings.IndexByte(v, '\\') >= 0 {
		v = strings.ReplaceAll(strings.ReplaceAll(v, `\n`, "\n"), `\r`, "\r")
	}
	return v
}

// skipSpace skips JavaScript whitespace (line breaks included) from i.
func (p *dotenv) skipSpace(i int) int {
	for i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[i:])
		if !isSpace(r) {
			break
		}
		i += n
	}
	return i
}

// isSpace is JavaScript's \s: Unicode white space and U+FEFF, not U+0085.
func isSpace(r rune) bool { return r == 0xFEFF || (r != 0x85 && unicode.IsSpace(r)) }

// isKeyByte is the expression's [\w.-].
func isKeyByte(c byte) bool {
	return c == '_' || c == '.' || c == '-' || ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9')
}

// validKey: a key the gateway keeps (PORTABLE_ENV_VAR_KEY allows no '.'
// or '-' either, but those never name a credential or a ${VAR}).
func validKey(k string) bool {
	if k == "" {
		return false
	}
	for i, c := range k {
		switch {
		case c == '_' || c == '.' || c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'):
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// badLines renders skipped line numbers for a message.
func badLines(bad []int) string {
	parts := make([]string, len(bad))
	for i, n := range bad {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
}

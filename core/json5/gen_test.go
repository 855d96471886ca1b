package json5

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// gen writes random JSON5 documents: every kind of value, key, number form,
// escape, comment and whitespace the format allows, nested a few levels.
type gen struct {
	r *rand.Rand
	b strings.Builder
}

func (g *gen) pick(opts ...string) string { return opts[g.r.IntN(len(opts))] }

func (g *gen) ws() {
	for range g.r.IntN(3) {
		g.b.WriteString(g.pick("", " ", "\n", "\t", "/*c*/", "// c\n", "\u00a0", "\ufeff", "\u2028", "\v", "\f", "\r\n", "/**/", "\u3000"))
	}
}

func (g *gen) value(depth int) {
	g.ws()
	n := 6
	if depth > 3 {
		n = 4
	}
	switch g.r.IntN(n) {
	case 0:
		g.b.WriteString(g.pick("true", "false", "null"))
	case 1:
		g.b.WriteString(g.pick("0", "12", "-3.5", ".5", "5.", "1e3", "0x1F", "+Infinity", "-Infinity", "NaN", "-0", "1E-2", "0.1e+5", "+7", "0XaB", "123456789012345678901", "9007199254740993", "1e400"))
	case 2, 3:
		g.str()
	case 4:
		g.b.WriteByte('{')
		for i := range g.r.IntN(4) {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.ws()
			g.key()
			g.ws()
			g.b.WriteByte(':')
			g.value(depth + 1)
		}
		g.trailing()
		g.b.WriteByte('}')
	case 5:
		g.b.WriteByte('[')
		for i := range g.r.IntN(4) {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.value(depth + 1)
		}
		g.trailing()
		g.b.WriteByte(']')
	}
	g.ws()
}

func (g *gen) trailing() {
	if g.r.IntN(3) == 0 {
		g.b.WriteByte(',')
	}
	g.ws()
}

func (g *gen) key() {
	switch g.r.IntN(3) {
	case 0:
		g.b.WriteString(g.pick("a", "b", "$x", "_y", "é", "中文", "a1", `\u0061`, `b\u0062`, "x\u200d", "aé", "ǅ", "Ⅻ"))
	case 1:
		g.b.WriteString(g.pick(`"a"`, `'b'`, `"1"`, `"10"`, `"01"`, `"2"`, `"4294967295"`, `"4294967294"`, `"__proto__"`, `"$include"`, `""`))
	default:
		g.str()
	}
}

func (g *gen) str() {
	q := g.pick(`"`, `'`)
	g.b.WriteString(q)
	for range g.r.IntN(5) {
		g.b.WriteString(g.pick("a", " ", `\n`, `\t`, `\\`, `\'`, `\"`, `\u00e9`, `\x41`, `\0`, `\uD83D\uDE00`, "\\\n", "\\\r\n", "é", "${HOME}", `\q`, `\v`, `\b`, `\f`, "\u2028", `\/`))
	}
	g.b.WriteString(q)
}

// doc is one document; one in three is damaged by a deleted or inserted
// character, so that failures are compared too.
func (g *gen) doc() string {
	g.b.Reset()
	g.value(0)
	s := g.b.String()
	if g.r.IntN(3) == 0 && len(s) > 0 {
		i := g.r.IntN(len(s))
		for i > 0 && !isRuneStart(s[i]) {
			i--
		}
		if g.r.IntN(2) == 0 {
			_, n := firstRune(s[i:])
			s = s[:i] + s[i+n:]
		} else {
			s = s[:i] + g.pick(",", "}", "]", ":", "'", `"`, "/", "\\", "x", "0", "\n", "*") + s[i:]
		}
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}

// canonical writes a value the way the oracle script does: objects as
// ["o", [key, value]…] in JavaScript key order, arrays as ["a", …], strings
// as ["s", text], numbers as ["n", the float64's bits in hex] ("nan" for
// NaN).
func canonical(v any) any {
	switch t := v.(type) {
	case *Object:
		out := []any{"o"}
		for _, k := range t.JSKeys() {
			val, _ := t.Get(k)
			out = append(out, []any{k, canonical(val)})
		}
		return out
	case *Array:
		out := []any{"a"}
		for _, e := range t.Elems {
			out = append(out, canonical(e))
		}
		return out
	case string:
		return []any{"s", t}
	case float64:
		if math.IsNaN(t) {
			return []any{"n", "nan"}
		}
		return []any{"n", fmt.Sprintf("%016x", math.Float64bits(t))}
	}
	return v
}

func canonicalJSON(v any) string {
	b, err := json.Marshal(canonical(v))
	if err != nil {
		panic(err)
	}
	return string(b)
}

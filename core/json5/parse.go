package json5

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// MaxDepth is how deeply objects and arrays may nest. The gateway's own
// config reader overflows its stack a little above 2000 levels (openclaw
// 2026.9.6, seen in runs); real configs nest fewer than 20.
const MaxDepth = 1000

// SyntaxError says where a document stops being JSON5. Its text never
// quotes the document: a config may hold secrets.
type SyntaxError struct {
	Offset int // byte offset of the problem
	Line   int // 1-based
	Reason string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Parse reads one JSON5 document. It runs in time linear in len(data) and
// recursion bounded by MaxDepth.
func Parse(data []byte) (v any, err error) {
	p := parser{data: data}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*SyntaxError)
			if !ok {
				panic(r)
			}
			se.Line = 1 + bytes.Count(data[:se.Offset], []byte{'\n'})
			v, err = nil, se
		}
	}()
	p.space()
	if p.pos >= len(data) {
		p.fail("no value")
	}
	v = p.value(0)
	p.space()
	if p.pos < len(data) {
		p.fail("unexpected text after the value")
	}
	return v, nil
}

type parser struct {
	data []byte
	pos  int
	// members and elems hold the members of the objects and arrays being
	// read, innermost last.
	members []member
	elems   []any
	// Objects, arrays and their members are carved out of larger
	// allocations: a config of a million small objects is then a few
	// hundred allocations, not millions.
	objs      []Object
	arrs      []Array
	memArena  []member
	elemArena []any
}

// Arena chunk sizes: each chunk twice the one before, from firstChunk up
// to these. A config of a hundred agents has a few hundred members, and
// chunks of the full size from the start cost it 200 KB on every read.
const (
	chunkValues = 256
	chunkSlots  = 4096
	firstChunk  = 16
)

// chunk is the size of an arena's next chunk, the last one having been
// last long (0: none yet), with room for n at least.
func chunk(last, n, most int) int {
	return max(n, min(most, max(firstChunk, 2*last)))
}

func (p *parser) newObject() *Object {
	if len(p.objs) == cap(p.objs) {
		p.objs = make([]Object, 0, chunk(cap(p.objs), 1, chunkValues))
	}
	p.objs = p.objs[:len(p.objs)+1]
	return &p.objs[len(p.objs)-1]
}

func (p *parser) newArray() *Array {
	if len(p.arrs) == cap(p.arrs) {
		p.arrs = make([]Array, 0, chunk(cap(p.arrs), 1, chunkValues))
	}
	p.arrs = p.arrs[:len(p.arrs)+1]
	return &p.arrs[len(p.arrs)-1]
}

// memberRoom returns n member slots of their own (appending to them never
// touches a neighbour's).
func (p *parser) memberRoom(n int) []member {
	if cap(p.memArena)-len(p.memArena) < n {
		p.memArena = make([]member, 0, chunk(cap(p.memArena), n, chunkSlots))
	}
	l := len(p.memArena)
	p.memArena = p.memArena[:l+n]
	return p.memArena[l : l+n : l+n]
}

func (p *parser) elemRoom(n int) []any {
	if cap(p.elemArena)-len(p.elemArena) < n {
		p.elemArena = make([]any, 0, chunk(cap(p.elemArena), n, chunkSlots))
	}
	l := len(p.elemArena)
	p.elemArena = p.elemArena[:l+n]
	return p.elemArena[l : l+n : l+n]
}

func (p *parser) fail(reason string) {
	panic(&SyntaxError{Offset: min(p.pos, len(p.data)), Reason: reason})
}

func (p *parser) peek() byte {
	if p.pos >= len(p.data) {
		p.fail("unexpected end of the document")
	}
	return p.data[p.pos]
}

func (p *parser) value(depth int) any {
	switch c := p.peek(); c {
	case '{':
		return p.object(depth + 1)
	case '[':
		return p.array(depth + 1)
	case '"', '\'':
		return p.str()
	case 't':
		p.word("true")
		return true
	case 'f':
		p.word("false")
		return false
	case 'n':
		p.word("null")
		return nil
	}
	return p.number()
}

func (p *parser) word(w string) {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(w)) {
		p.fail("unexpected character")
	}
	p.pos += len(w)
}

// open steps past the opening bracket of an object or array nested depth
// levels deep; true when end follows at once (the value is empty, and is
// closed too).
func (p *parser) open(depth int, end byte) bool {
	if depth > MaxDepth {
		p.fail(fmt.Sprintf("nested more than %d levels deep", MaxDepth))
	}
	p.pos++
	p.space()
	if p.peek() == end {
		p.pos++
		return true
	}
	return false
}

// pop drops what a value gathered on a parser stack above base, once it is
// copied out; cleared, so the stack keeps no values alive.
func pop[T any](stack *[]T, base int) {
	clear((*stack)[base:])
	*stack = (*stack)[:base]
}

func (p *parser) object(depth int) *Object {
	o := p.newObject()
	if p.open(depth, '}') {
		return o
	}
	// Members gather on the parser's stack and are copied out once, at
	// their final size: no slice grows per object.
	base := len(p.members)
	for {
		k := p.key()
		p.space()
		if p.peek() != ':' {
			p.fail("expected ':' after a key")
		}
		p.pos++
		p.space()
		v := p.value(depth)
		p.members = append(p.members, member{k, v})
		if p.next('}') {
			break
		}
	}
	ms := p.members[base:]
	o.fill(ms, p.memberRoom(len(ms)))
	pop(&p.members, base)
	return o
}

func (p *parser) array(depth int) *Array {
	a := p.newArray()
	if p.open(depth, ']') {
		return a
	}
	base := len(p.elems)
	for {
		v := p.value(depth)
		p.elems = append(p.elems, v)
		if p.next(']') {
			break
		}
	}
	a.Elems = p.elemRoom(len(p.elems) - base)
	copy(a.Elems, p.elems[base:])
	pop(&p.elems, base)
	return a
}

// next reads what follows a member: a comma (and maybe the closing
// bracket, a trailing comma being allowed) or the closing bracket. It
// reports whether the object or array ended.
func (p *parser) next(end byte) bool {
	p.space()
	switch p.peek() {
	case ',':
		p.pos++
		p.space()
		if p.peek() == end {
			p.pos++
			return true
		}
		return false
	case end:
		p.pos++
		return true
	}
	p.fail("expected ',' or a closing bracket")
	return false
}

func (p *parser) number() float64 {
	start := p.pos
	sign := 1.0
	if c := p.peek(); c == '+' || c == '-' {
		if c == '-' {
			sign = -1
		}
		p.pos++
	}
	rest := p.data[p.pos:]
	switch {
	case bytes.HasPrefix(rest, []byte("Infinity")):
		p.pos += len("Infinity")
		return sign * math.Inf(1)
	case bytes.HasPrefix(rest, []byte("NaN")):
		p.pos += len("NaN")
		return math.NaN()
	case len(rest) > 1 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X'):
		p.pos += 2
		return sign * p.hexNumber()
	}
	intStart := p.pos
	if p.pos < len(p.data) && p.data[p.pos] == '0' {
		p.pos++
	} else {
		p.digits()
	}
	intEnd := p.pos
	frac := p.pos < len(p.data) && p.data[p.pos] == '.'
	if frac {
		p.pos++
		p.digits()
	}
	if p.pos == intStart || (frac && p.pos == intStart+1) {
		p.fail("unexpected character")
	}
	exp := p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E')
	if exp {
		p.exponent()
	}
	if !frac && !exp && intEnd-intStart <= 15 {
		// Small integers, the common case, without strconv.
		n := 0
		for _, c := range p.data[intStart:intEnd] {
			n = n*10 + int(c-'0')
		}
		return sign * float64(n)
	}
	// The syntax is checked above; out of range is ±Inf, as in JavaScript.
	f, _ := strconv.ParseFloat(string(p.data[start:p.pos]), 64)
	return f
}

func (p *parser) digits() {
	for p.pos < len(p.data) && isDigit(p.data[p.pos]) {
		p.pos++
	}
}

func (p *parser) exponent() {
	p.pos++
	if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
		p.pos++
	}
	start := p.pos
	p.digits()
	if p.pos == start {
		p.fail("malformed number")
	}
}

func (p *parser) hexNumber() float64 {
	start := p.pos
	var f float64
	for p.pos < len(p.data) {
		d, ok := hexVal(p.data[p.pos])
		if !ok {
			break
		}
		f = f*16 + float64(d)
		p.pos++
	}
	if p.pos == start {
		p.fail("malformed number")
	}
	return f
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func hexVal(c byte) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0'), true
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10, true
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

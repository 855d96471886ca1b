// Package json5 reads JSON5 (spec.json5.org) as the gateway reads its
// config (JSON.parse, else the json5 npm package): comments, trailing
// commas, unquoted keys, single quotes, hex numbers, Infinity and NaN.
//
// Unlike a decoder into Go maps it keeps every object's keys in file order,
// which the gateway's behaviour depends on (it walks auth.profiles in
// Object.entries order), and it is one linear pass with a depth limit: no
// input under the size cap can make it slow or overflow the stack.
package json5

import (
	"cmp"
	"slices"
	"strconv"
)

// A value is one of: *Object, *Array, string, float64, bool or nil (null).
// Objects and arrays are pointers so that a reader can remember what it has
// already visited of a tree that shares subtrees.

// Object is a JSON5 object: its keys in insertion order, each once. A key
// written twice keeps its first place and takes its last value, as a
// JavaScript object does.
type Object struct {
	ms []member
	// idx finds a key in a large object; small ones are scanned.
	idx map[string]int
}

type member struct {
	k string
	v any
}

// Array is a JSON5 array.
type Array struct {
	Elems []any
}

// indexFrom is the size from which an object keeps an index of its keys.
const indexFrom = 8

// fill sets the members of a new object, in order (a repeated key keeps
// its first place and its last value).
func (o *Object) fill(ms []member, room []member) {
	o.ms = room[:0]
	for _, m := range ms {
		o.Set(m.k, m.v)
	}
}

// Len is the number of keys.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.ms)
}

// Key returns the i-th key and its value.
func (o *Object) Key(i int) (string, any) { return o.ms[i].k, o.ms[i].v }

// Keys are the keys in insertion order.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	keys := make([]string, len(o.ms))
	for i, m := range o.ms {
		keys[i] = m.k
	}
	return keys
}

// Get returns the value of key k.
func (o *Object) Get(k string) (any, bool) {
	i := o.find(k)
	if i < 0 {
		return nil, false
	}
	return o.ms[i].v, true
}

func (o *Object) find(k string) int {
	if o == nil {
		return -1
	}
	if o.idx != nil {
		if i, ok := o.idx[k]; ok {
			return i
		}
		return -1
	}
	for i := range o.ms {
		if o.ms[i].k == k {
			return i
		}
	}
	return -1
}

// Set gives k the value v: in its place if k is present, else at the end.
func (o *Object) Set(k string, v any) {
	if i := o.find(k); i >= 0 {
		o.ms[i].v = v
		return
	}
	o.ms = append(o.ms, member{k, v})
	switch {
	case o.idx != nil:
		o.idx[k] = len(o.ms) - 1
	case len(o.ms) >= indexFrom:
		o.idx = make(map[string]int, 2*len(o.ms))
		for i, m := range o.ms {
			o.idx[m.k] = i
		}
	}
}

// JSKeys are the keys in the order JavaScript enumerates them
// (Object.keys): array-index keys ("0", "1", …) first in numeric order, then
// the others in insertion order.
func (o *Object) JSKeys() []string {
	var idx, rest []string
	for _, k := range o.Keys() {
		if IsArrayIndex(k) {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	if len(idx) == 0 {
		return rest
	}
	sortIndexKeys(idx)
	return append(idx, rest...)
}

// IsArrayIndex reports whether k is a canonical decimal below 2^32-1, as
// ECMAScript defines an array index: the keys JavaScript enumerates first.
func IsArrayIndex(k string) bool {
	if k == "" || k[0] < '0' || k[0] > '9' {
		return false // most keys: no failed parse (and its error) to make
	}
	n, err := strconv.ParseUint(k, 10, 32)
	return err == nil && n < 1<<32-1 && strconv.FormatUint(n, 10) == k
}

func sortIndexKeys(keys []string) {
	slices.SortFunc(keys, func(a, b string) int {
		x, _ := strconv.ParseUint(a, 10, 32)
		y, _ := strconv.ParseUint(b, 10, 32)
		return cmp.Compare(x, y)
	})
}

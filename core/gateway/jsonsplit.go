package gateway

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/authtray/authtray/core/json5"
)

// The stores are read in one validating pass (validJSON) and then split
// by the walkers here, which assume valid JSON: decoding each level
// with encoding/json again (a map of raw values per profile, then each
// field) scanned every byte of a store four or five times, most of a
// large scan's time. Both give exactly what encoding/json gives: keys and
// strings with escapes or invalid UTF-8 go through json.Unmarshal.

// splitObject splits the JSON object raw (valid JSON, as validJSON says)
// into its keys and values in file order, duplicates included; ok is false
// when raw is not an object.
func splitObject(raw []byte) (keys []string, vals []json.RawMessage, ok bool) {
	m, ok := membersOf(raw)
	if !ok {
		return nil, nil, false
	}
	for {
		k, v, more := m.next()
		if !more {
			return keys, vals, true
		}
		keys, vals = append(keys, memberKey(k)), append(vals, json.RawMessage(v))
	}
}

// members walks the members of a JSON object (valid JSON) without
// building anything: a store's credentials and usage entries are read
// field by field from it, with no map or key string per entry.
type members struct {
	b []byte
	i int
}

// membersOf starts a walk over the object raw; ok is false when raw is
// not an object.
func membersOf(raw []byte) (members, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return members{}, false
	}
	return members{b: raw, i: skipSpace(raw, i+1)}, true
}

// next is the next member: its key as written (quotes included; see
// memberKey and keyIs) and its value; more is false at the end.
func (m *members) next() (key, val []byte, more bool) {
	b, i := m.b, m.i
	if i >= len(b) || b[i] != '"' {
		return nil, nil, false
	}
	end := skipString(b, i)
	key = b[i:end]
	i = skipSpace(b, end)
	i = skipSpace(b, i+1) // the colon
	end = skipValue(b, i)
	val = b[i:end]
	i = skipSpace(b, end)
	if i < len(b) && b[i] == ',' {
		i = skipSpace(b, i+1)
	}
	m.i = i
	return key, val, true
}

// memberKey decodes a key as next gives it.
func memberKey(key []byte) string {
	k, _ := jsonString(key)
	return k
}

// plainKey is a key's bytes between its quotes when they are its decoded
// text (no escape, valid UTF-8), so that it can be compared without
// decoding; ok is false otherwise.
func plainKey(key []byte) ([]byte, bool) {
	if len(key) < 2 {
		return nil, false
	}
	body := key[1 : len(key)-1]
	return body, plainString(body)
}

// objectMap is splitObject as a map: a later duplicate key wins, as with
// json.Unmarshal into a map. A null is an empty map (as json.Unmarshal
// leaves it, without error); ok is false for anything else not an object.
func objectMap(raw []byte) (map[string]json.RawMessage, bool) {
	if bytes.Equal(trimSpace(raw), []byte("null")) {
		return nil, true
	}
	keys, vals, ok := splitObject(raw)
	if !ok {
		return nil, false
	}
	m := make(map[string]json.RawMessage, len(keys))
	for i, k := range keys {
		m[k] = vals[i]
	}
	return m, true
}

// jsonString decodes the JSON value v when it is a string, as
// json.Unmarshal into a string would; ok is false for anything else. A
// null, which json.Unmarshal accepts and leaves "", is not ok here.
func jsonString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	if body := v[1 : len(v)-1]; v[len(v)-1] == '"' && plainString(body) {
		return string(body), true
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

// plainString reports whether body, between two quotes, is a whole JSON
// string that decodes to itself: no escape, quote or control character,
// valid UTF-8.
func plainString(body []byte) bool {
	ascii := true
	for _, c := range body {
		if !plainASCII[c] {
			if c < utf8.RuneSelf {
				return false // a quote, an escape or a control character
			}
			ascii = false
		}
	}
	return ascii || utf8.Valid(body)
}

// plainASCII are the bytes that stand for themselves in a JSON string
// and are a whole rune: ASCII but no control character, quote or
// backslash. (One table load per byte: strings are most of a store.)
var plainASCII = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// trimSpace trims JSON's whitespace (not all of Unicode's, as
// bytes.TrimSpace does: a vertical tab is no JSON).
func trimSpace(b []byte) []byte {
	b = b[skipSpace(b, 0):]
	for len(b) > 0 && skipSpace(b[len(b)-1:], 0) == 1 {
		b = b[:len(b)-1]
	}
	return b
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the valid JSON value starting at b[i].
func skipValue(b []byte, i int) int {
	switch {
	case i >= len(b):
		return i
	case b[i] == '"':
		return skipString(b, i)
	case b[i] == '{' || b[i] == '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	// A number, true, false or null.
	for i < len(b) && !endsScalar(b[i]) {
		i++
	}
	return i
}

// skipString returns the end of the JSON string starting at b[i]: after
// the first quote not escaped, i.e. not after an odd run of backslashes.
// Strings are most of a store's bytes (its tokens): IndexByte skips to
// each quote a run at a time.
func skipString(b []byte, i int) int {
	start := i + 1
	for i = start; i < len(b); i++ {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return len(b)
		}
		i += j
		k := i
		for k > start && b[k-1] == '\\' {
			k--
		}
		if (i-k)%2 == 0 {
			return i + 1
		}
	}
	return len(b)
}

func endsScalar(c byte) bool {
	switch c {
	case ',', '}', ']', ':', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// jsMember is one member of an object as JSON.parse leaves it.
type jsMember struct {
	key string
	val []byte
}

// jsEntries is Object.entries(JSON.parse(raw)) for the object raw (valid
// JSON): each key once, holding the last value written under it but at
// the place it was first written, and keys that are array indices ("0",
// "17") first, in numeric order, as JavaScript enumerates them. The
// gateway's normalisers walk state this way, so when two keys normalise
// alike (" a" and "a") the later of them in this order wins. ok is false
// when raw is not an object.
func jsEntries(raw []byte) ([]jsMember, bool) {
	m, ok := membersOf(raw)
	if !ok {
		return nil, false
	}
	n := 0
	for count := m; ; n++ {
		if _, _, more := count.next(); !more {
			break
		}
	}
	out := make([]jsMember, 0, n) // one allocation, not one per doubling
	var at map[string]int         // made only for a large object: most are a few members
	indices := false
	for k, v, more := m.next(); more; k, v, more = m.next() {
		key := memberKey(k)
		if i := memberAt(out, at, key); i >= 0 {
			out[i].val = v
			continue
		}
		if at == nil && len(out) == jsIndexFrom {
			at = make(map[string]int, 2*jsIndexFrom)
			for i, e := range out {
				at[e.key] = i
			}
		}
		if at != nil {
			at[key] = len(out)
		}
		out = append(out, jsMember{key, v})
		indices = indices || json5.IsArrayIndex(key)
	}
	if indices {
		slices.SortStableFunc(out, func(a, b jsMember) int {
			ai, bi := json5.IsArrayIndex(a.key), json5.IsArrayIndex(b.key)
			switch {
			case ai && bi:
				x, _ := strconv.ParseUint(a.key, 10, 32)
				y, _ := strconv.ParseUint(b.key, 10, 32)
				return cmp.Compare(x, y)
			case ai:
				return -1
			case bi:
				return 1
			}
			return 0
		})
	}
	return out, true
}

// jsIndexFrom is the size from which jsEntries finds keys by a map.
const jsIndexFrom = 16

// memberAt is the place of key in out (by at, when made), or -1.
func memberAt(out []jsMember, at map[string]int, key string) int {
	if at != nil {
		if i, ok := at[key]; ok {
			return i
		}
		return -1
	}
	for i, e := range out {
		if e.key == key {
			return i
		}
	}
	return -1
}

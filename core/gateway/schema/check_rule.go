package schema

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/authtray/authtray/core/json5"
)

// value checks v, of a type its node takes, against the node's rule (all
// but Required, which object checks after the keys).
func (c *checker) value(v any, r *Rule, path []step) *Issue {
	if r.Enum != nil && !allowed(v, r) {
		if c.quiet {
			return failed
		}
		return &Issue{Path: pathText(path), Broken: NotAllowed, Value: shownValue(v, path), Allowed: r.Enum, Of: kindOf(v)}
	}
	switch x := v.(type) {
	case float64:
		return c.number(x, r, path)
	case string:
		// zod may trim a string before it checks its length and form
		// (string().trim().max(128).regex(…)), which its JSON Schema does
		// not show: the maximum and the pattern are checked on the trimmed
		// string too, and a string passes when either form does.
		trimmed := jsTrim(x)
		switch {
		case r.MinLen != 0 && utf16Len(x) < int(r.MinLen):
			return c.broken(path, TooShort, float64(r.MinLen), false)
		case r.MaxLen != 0 && utf16Len(trimmed) > int(r.MaxLen):
			return c.broken(path, TooLong, float64(r.MaxLen), false)
		case r.Pattern != "" && !pattern(r.Pattern).MatchString(x) && !pattern(r.Pattern).MatchString(trimmed):
			if c.quiet {
				return failed
			}
			return &Issue{Path: pathText(path), Broken: BadForm, Pattern: r.Pattern}
		}
	case *json5.Array:
		switch n := len(x.Elems); {
		case r.MinItems != 0 && n < int(r.MinItems):
			return c.broken(path, TooFew, float64(r.MinItems), false)
		case r.MaxItems != 0 && n > int(r.MaxItems):
			return c.broken(path, TooMany, float64(r.MaxItems), false)
		}
	}
	return nil
}

func (c *checker) number(x float64, r *Rule, path []step) *Issue {
	b := r.Bounds
	switch {
	case b&Whole != 0 && x != math.Trunc(x):
		return c.broken(path, NotWhole, 0, false)
	case b&HasMin != 0 && (x < r.Min || b&MinExclusive != 0 && x == r.Min):
		return c.broken(path, TooSmall, r.Min, b&MinExclusive != 0)
	case b&HasMax != 0 && (x > r.Max || b&MaxExclusive != 0 && x == r.Max):
		return c.broken(path, TooLarge, r.Max, b&MaxExclusive != 0)
	}
	return nil
}

func (c *checker) broken(path []step, b Broken, bound float64, exclusive bool) *Issue {
	if c.quiet {
		return failed
	}
	return &Issue{Path: pathText(path), Broken: b, Bound: bound, Exclusive: exclusive}
}

func (c *checker) missing(path []step, key string) *Issue {
	return c.keyed(path, key, Issue{Broken: Missing})
}

// allowed reports whether v is one of r's values (of the node's type, so
// a string is compared as a string, a number as a number).
func allowed(v any, r *Rule) bool {
	for _, e := range r.Enum {
		switch x := v.(type) {
		case string:
			if x == e {
				return true
			}
		case bool:
			if e == strconv.FormatBool(x) {
				return true
			}
		case float64:
			if f, err := strconv.ParseFloat(e, 64); err == nil && f == x {
				return true
			}
		}
	}
	return false
}

// maxShown is the longest value a sentence shows.
const maxShown = 40

// shownValue is v as a sentence may show it, or "" when it may not be
// shown: a string that is long, unprintable or shaped like a credential,
// or any value of a key whose name says it holds a secret.
func shownValue(v any, path []step) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i].index < 0 {
			if secretName(path[i].key) {
				return ""
			}
			break
		}
	}
	switch x := v.(type) {
	case string:
		if len(x) > maxShown || !shown(x) {
			return ""
		}
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// secretName reports whether a key's name says its value may be a secret.
func secretName(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"token", "secret", "password", "passwd", "key", "credential", "cookie", "private", "bearer", "signature"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// jsTrim is s without the white space JavaScript's trim takes off either
// end (a few more characters, U+0085, go too: trimming more only makes
// the check pass more).
func jsTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

// utf16Len is the length of s as JavaScript counts it: UTF-16 code units
// (a character beyond the Basic Multilingual Plane counts two).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

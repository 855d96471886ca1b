package schema

import (
	"math"
	"slices"
	"strconv"
)

// Rule is what a schema node states of its value beyond its JSON type:
// the checks zod makes there (z.enum and z.literal, .int(), .min(), .max(),
// .regex(), a shape's required keys), as its JSON Schema shows them.
type Rule struct {
	// Enum are the values allowed (enum, const): a string as it is, a
	// number or true/false as JSON writes it, all of the node's one type;
	// nil allows any.
	Enum []string
	// Bounds says which of Min and Max are set, whether they are
	// exclusive, and whether a number must be whole.
	Bounds   Bounds
	Min, Max float64
	// MinLen and MaxLen bound a string's length in UTF-16 code units, as
	// JavaScript's length counts it (0: no bound).
	MinLen, MaxLen int32
	// MinItems and MaxItems bound an array's length (0: no bound).
	MinItems, MaxItems int32
	// Pattern is a pattern a string must match, kept only as goPattern
	// keeps one ("" none).
	Pattern string
	// Required are the keys an object must have.
	Required []string
}

// Bounds are the flags of a Rule's numeric rules.
type Bounds uint8

// The flags of Bounds.
const (
	HasMin Bounds = 1 << iota
	MinExclusive
	HasMax
	MaxExclusive
	Whole
)

// ruleOf reads the value keywords of s, whose types are k, and returns
// the types the node still takes (an enum of strings takes only strings).
// What it cannot read for sure is left out: the check then allows it.
func ruleOf(s map[string]any, k Kind) (Rule, Kind) {
	var r Rule
	if vals, kind, ok := literals(s); ok && k&kind != 0 {
		r.Enum, k = vals, kind
	}
	if t, ok := s["type"].(string); ok && t == "integer" {
		r.Bounds |= Whole
	} else if ts, ok := s["type"].([]any); ok && slices.Contains(ts, "integer") && !slices.Contains(ts, "number") {
		r.Bounds |= Whole
	}
	r.lower(s)
	r.upper(s)
	r.MinLen = count(s["minLength"])
	r.MaxLen = count(s["maxLength"])
	r.MinItems = count(s["minItems"])
	r.MaxItems = count(s["maxItems"])
	// A pattern beside the URL format (its scheme) may be one zod checks on
	// the parsed URL, not the string: it is not read.
	if f, _ := s["format"].(string); k&String != 0 && f != "uri" {
		r.Pattern = goPattern(s["pattern"])
	}
	if req, ok := s["required"].([]any); ok {
		for _, name := range req {
			if n, ok := name.(string); ok && !slices.Contains(r.Required, n) {
				r.Required = append(r.Required, n)
			}
		}
	}
	return r, k
}

// literals reads enum, or const, when every value is of one JSON type
// (string, number or true/false): a mix, or both keywords, is not read.
func literals(s map[string]any) ([]string, Kind, bool) {
	vals, hasEnum := s["enum"].([]any)
	c, hasConst := s["const"]
	switch {
	case hasEnum && hasConst, !hasEnum && !hasConst:
		return nil, 0, false
	case hasConst:
		vals = []any{c}
	}
	if len(vals) == 0 {
		return nil, 0, false
	}
	var texts []string
	var kind Kind
	for _, v := range vals {
		var t string
		var k Kind
		switch x := v.(type) {
		case string:
			t, k = x, String
		case float64:
			t, k = strconv.FormatFloat(x, 'g', -1, 64), Number
		case bool:
			t, k = strconv.FormatBool(x), Bool
		default:
			return nil, 0, false
		}
		if kind != 0 && k != kind {
			return nil, 0, false
		}
		kind = k
		if !slices.Contains(texts, t) {
			texts = append(texts, t)
		}
	}
	return texts, kind, true
}

// lower reads minimum and exclusiveMinimum (draft-07: numbers); with both,
// the stricter.
func (r *Rule) lower(s map[string]any) {
	m, hasMin := s["minimum"].(float64)
	x, hasX := s["exclusiveMinimum"].(float64)
	switch {
	case hasX && (!hasMin || x >= m):
		r.Bounds |= HasMin | MinExclusive
		r.Min = x
	case hasMin:
		r.Bounds |= HasMin
		r.Min = m
	}
}

// upper reads maximum and exclusiveMaximum; with both, the stricter.
func (r *Rule) upper(s map[string]any) {
	m, hasMax := s["maximum"].(float64)
	x, hasX := s["exclusiveMaximum"].(float64)
	switch {
	case hasX && (!hasMax || x <= m):
		r.Bounds |= HasMax | MaxExclusive
		r.Max = x
	case hasMax:
		r.Bounds |= HasMax
		r.Max = m
	}
}

// count reads a length keyword: a whole number from 1 up, else 0 (none).
func count(v any) int32 {
	f, ok := v.(float64)
	if !ok || f < 1 || f > math.MaxInt32 || f != math.Trunc(f) {
		return 0
	}
	return int32(f)
}

// empty reports whether r states nothing.
func (r *Rule) empty() bool {
	return r.Enum == nil && r.Bounds == 0 && r.MinLen == 0 && r.MaxLen == 0 &&
		r.MinItems == 0 && r.MaxItems == 0 && r.Pattern == "" && r.Required == nil
}

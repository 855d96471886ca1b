package schema

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Compile reduces a JSON Schema (draft-07, as `openclaw config schema`
// prints it) to a Tree. Whatever the check cannot read for sure (allOf,
// patternProperties, a node that mixes its own keywords with alternatives,
// a pattern Go's regexp reads otherwise, an enum of mixed types) compiles
// to Open, or is left out of the node's rule: the check then allows more
// than the gateway, never less.
func Compile(data []byte, version string) (*Tree, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("read the schema: %w", err)
	}
	c := compiler{index: map[string]int32{}, ruleIndex: map[string]int32{}}
	c.add(Node{Kinds: AnyKind, Extra: Open, Items: Open}) // Open
	c.nodes = append(c.nodes, Node{})                     // Root, set below
	c.addRule(Rule{})                                     // no rule
	r := c.compile(root)
	c.nodes[Root] = c.nodes[r]
	return &Tree{Version: version, Nodes: c.nodes, Rules: c.rules}, nil
}

type compiler struct {
	nodes     []Node
	index     map[string]int32 // a node's encoding → its index (shared subtrees once)
	rules     []Rule
	ruleIndex map[string]int32 // a rule's encoding → its index
}

func (c *compiler) addRule(r Rule) int32 {
	return intern(&c.rules, c.ruleIndex, fmt.Sprintf("%#v", r), r)
}

func (c *compiler) add(n Node) int32 { return intern(&c.nodes, c.index, fmt.Sprintf("%v", n), n) }

// intern appends v to list once per key, and gives its index.
func intern[T any](list *[]T, index map[string]int32, key string, v T) int32 {
	if i, ok := index[key]; ok {
		return i
	}
	*list = append(*list, v)
	i := int32(len(*list) - 1)
	index[key] = i
	return i
}

func (c *compiler) compile(s map[string]any) int32 {
	if s == nil || has(s, "allOf", "patternProperties", "not", "if", "$ref") {
		return Open
	}
	if alts := alternatives(s); alts != nil {
		if has(s, "properties", "additionalProperties", "items", "propertyNames") {
			return Open
		}
		n := Node{}
		for _, a := range alts {
			b, _ := a.(map[string]any)
			n.Any = append(n.Any, c.compile(b))
		}
		if slices.Contains(n.Any, Open) {
			return Open
		}
		return c.add(n)
	}
	n := Node{Kinds: kinds(s), Extra: Open, Items: Open}
	r, k := ruleOf(s, n.Kinds)
	n.Kinds = k
	if !r.empty() {
		n.Rule = c.addRule(r)
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for _, name := range sortedKeys(props) {
			p, _ := props[name].(map[string]any)
			n.Props = append(n.Props, Prop{Name: name, Node: c.compile(p)})
		}
	}
	switch ap := s["additionalProperties"].(type) {
	case bool:
		if !ap {
			n.Extra = Closed
		}
	case map[string]any:
		n.Extra = c.compile(ap)
	}
	if pn, ok := s["propertyNames"].(map[string]any); ok {
		n.KeyPattern = goPattern(pn["pattern"])
	}
	if it, ok := s["items"].(map[string]any); ok {
		n.Items = c.compile(it)
	}
	if n.Kinds == AnyKind && n.Props == nil && n.Extra == Open && n.KeyPattern == "" && n.Items == Open && n.Rule == 0 {
		return Open
	}
	return c.add(n)
}

func alternatives(s map[string]any) []any {
	if a, ok := s["anyOf"].([]any); ok {
		return a
	}
	a, _ := s["oneOf"].([]any)
	return a
}

func has(s map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := s[k]; ok {
			return true
		}
	}
	return false
}

// kinds reads "type" (a name or a list); without one, any type.
func kinds(s map[string]any) Kind {
	var names []any
	switch t := s["type"].(type) {
	case string:
		names = []any{t}
	case []any:
		names = t
	default:
		return AnyKind
	}
	var k Kind
	for _, n := range names {
		switch n {
		case "object":
			k |= Object
		case "array":
			k |= Array
		case "string":
			k |= String
		case "number", "integer":
			k |= Number
		case "boolean":
			k |= Bool
		case "null":
			k |= Null
		}
	}
	if k == 0 {
		return AnyKind
	}
	return k
}

// goPattern keeps a key pattern only when Go reads it as JavaScript does:
// RE2 has no lookaround, and \p classes need JavaScript's u flag, which
// zod's patterns may or may not have had; both are dropped. A regex's flags
// do not reach the JSON Schema either (the agent id's is /i, so "Main" is
// a valid key), so every pattern is read case-insensitively.
func goPattern(v any) string {
	p, _ := v.(string)
	if p == "" || strings.Contains(p, `\p`) || strings.Contains(p, `\P`) {
		return ""
	}
	p = "(?i)" + jsSpaces(p)
	if _, err := regexp.Compile(p); err != nil {
		return ""
	}
	return p
}

// jsSpace is what \s matches in JavaScript (WhiteSpace and
// LineTerminator), where RE2's \s is only [\t\n\f\r ].
const jsSpace = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

// jsSpaces writes each \s of a pattern as the class JavaScript means (a
// narrower \s would refuse what the gateway takes; \S, wider in Go, is
// left as it is).
func jsSpaces(p string) string {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\' && i+1 < len(p) && p[i+1] == 's':
			if inClass {
				b.WriteString(jsSpace)
			} else {
				b.WriteString("[" + jsSpace + "]")
			}
			i++
		case c == '\\' && i+1 < len(p):
			b.WriteString(p[i : i+2])
			i++
		default:
			switch {
			case c == '[' && !inClass:
				inClass = true
			case c == ']' && inClass:
				inClass = false
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

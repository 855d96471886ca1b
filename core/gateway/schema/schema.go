// Package schema holds the keys the gateway's config schema allows, as a
// tree compiled from what `openclaw config schema` prints (a JSON Schema
// its zod schema generates), and checks a config against it.
//
// The gateway refuses a config with a key its schema does not know
// ("Invalid config … Unrecognized key"): the daemon does not start, and
// `models status --check` exits 1, whatever the credentials. A typo in
// openclaw.json is therefore as fatal as an expired token, and authtray
// must say so, not "ok".
//
// The check is deliberately narrower than the gateway's validation, never
// wider: it reports keys that no branch of the schema allows, record keys
// that fail a key pattern, values of a JSON type no branch takes, and the
// rules a JSON Schema states of one value (its allowed values, whole
// numbers, bounds, lengths, a string's form, required keys). Whatever the
// schema states that could be read two ways is not checked, and the
// gateway's semantic checks are left to the rest of authtray. A config it
// passes may still be one the gateway refuses; a config it fails, the
// gateway refuses.
package schema

import "strings"

// Kind is a set of JSON types.
type Kind uint8

// The JSON types (integer is a Number).
const (
	Object Kind = 1 << iota
	Array
	String
	Number
	Bool
	Null

	AnyKind = Object | Array | String | Number | Bool | Null
)

// String names the types for a sentence: "a string", "a string or an
// array".
func (k Kind) String() string {
	var names []string
	for _, t := range []struct {
		k    Kind
		name string
	}{{Object, "an object"}, {Array, "an array"}, {String, "a string"}, {Number, "a number"}, {Bool, "true or false"}, {Null, "null"}} {
		if k&t.k != 0 {
			names = append(names, t.name)
		}
	}
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Node is one schema node, reduced to what the key check needs.
type Node struct {
	// Kinds are the JSON types the node accepts (when Any is empty).
	Kinds Kind
	// Props are the named properties, sorted by name.
	Props []Prop
	// Extra is the node of any other key: Open when other keys may hold
	// anything, Closed when there may be none.
	Extra int32
	// KeyPattern is the pattern every key must match ("" none). It is
	// kept only when Go's regexp compiles it the way JavaScript does.
	KeyPattern string
	// Items is the node of an array's elements.
	Items int32
	// Any are alternatives (anyOf, oneOf): a value passes when it passes
	// one of them.
	Any []int32
	// Rule indexes the tree's Rules: what the node states of its value
	// beyond its type (0: nothing).
	Rule int32
}

// Prop is a named property and its node.
type Prop struct {
	Name string
	Node int32
}

// Node indexes with a meaning of their own.
const (
	// Closed is the Extra of an object that allows no other keys.
	Closed int32 = -1
	// Open is the node that allows anything (Nodes[0]).
	Open int32 = 0
	// Root is the config's node (Nodes[1]).
	Root int32 = 1
)

// Tree is one gateway version's schema.
type Tree struct {
	Version string
	Nodes   []Node
	// Rules are the nodes' value rules; Rules[0] is the empty rule.
	Rules []Rule
}

// prop finds a named property's node.
func (n *Node) prop(name string) (int32, bool) {
	lo, hi := 0, len(n.Props)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := n.Props[m].Name; {
		case c == name:
			return n.Props[m].Node, true
		case c < name:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// For returns the tree of a gateway version, when authtray has it.
func For(version string) (*Tree, bool) {
	for _, t := range trees {
		if t.Version == version {
			return t, true
		}
	}
	return nil, false
}

//go:generate go run ./internal/gen -version 2026.9.6

// trees are the compiled schemas (go generate writes one per version).
var trees = []*Tree{&openclaw2026_9_6}

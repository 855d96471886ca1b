package schema

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/authtray/authtray/core/json5"
	"github.com/authtray/authtray/core/redact"
)

// Issue is a key the gateway's schema refuses.
type Issue struct {
	// Path is the object that holds the key, as the gateway writes paths
	// (agents.defaults, agents.entries["Work Bot"], bindings[0]); "" is
	// the config's top level.
	Path string
	// Key is the key as written, "" when it is not safe to show (it looks
	// like a credential, or is long or unprintable).
	Key string
	// BadName: the key's name is not one the gateway allows there (a
	// record key failing its pattern), rather than a key it does not know.
	BadName bool
}

// Printable reports whether a config key may be shown in a sentence:
// short, printable, and not shaped like a credential pasted in the wrong
// place.
func Printable(key string) bool { return shown(key) }

// Sentence says what is wrong in words a user can act on.
func (is Issue) Sentence() string {
	key := "a key"
	if is.Key != "" {
		key = strconv.Quote(is.Key)
	}
	where := "the top level"
	if is.Path != "" {
		where = is.Path
	}
	if is.BadName {
		return key + " in " + where + " is not a name the gateway allows there"
	}
	return where + " has " + key + ", which is not a setting the gateway knows"
}

// Check returns the first key of v (a config as json5 parses it, includes
// resolved) that the schema refuses, in file order.
func (t *Tree) Check(v any) (Issue, bool) {
	c := checker{t: t}
	is := c.node(v, Root, make([]step, 0, 16))
	if is == nil {
		return Issue{}, false
	}
	return *is, true
}

type checker struct {
	t *Tree
}

// step is one step of a path: an object's key, or an array's index when
// key is "" and index >= 0. A path is formatted only for an issue, so a
// walk over a valid config allocates nothing for it.
type step struct {
	key   string
	index int
}

// node checks v against node i; path is where v is.
func (c *checker) node(v any, i int32, path []step) *Issue {
	if i == Open {
		return nil
	}
	n := &c.t.Nodes[i]
	if len(n.Any) > 0 {
		return c.alternatives(v, n.Any, path)
	}
	switch x := v.(type) {
	case *json5.Object:
		if n.Kinds&Object != 0 {
			return c.object(x, n, path)
		}
	case *json5.Array:
		if n.Kinds&Array != 0 {
			for j, e := range x.Elems {
				if is := c.node(e, n.Items, append(path, step{index: j})); is != nil {
					return is
				}
			}
		}
	}
	return nil
}

// alternatives passes v when one alternative of its type passes it. A
// value of a type no alternative takes is a type error, not a key's: it
// passes here.
func (c *checker) alternatives(v any, alts []int32, path []step) *Issue {
	var first *Issue
	for _, a := range alts {
		if !c.takes(a, v) {
			continue
		}
		is := c.node(v, a, path)
		if is == nil {
			return nil
		}
		if first == nil {
			first = is
		}
	}
	return first
}

// takes reports whether node i accepts v's JSON type.
func (c *checker) takes(i int32, v any) bool {
	n := &c.t.Nodes[i]
	if i == Open || len(n.Any) > 0 {
		return true
	}
	return n.Kinds&kindOf(v) != 0
}

func (c *checker) object(o *json5.Object, n *Node, path []step) *Issue {
	for j := range o.Len() {
		k, v := o.Key(j)
		if n.KeyPattern != "" && !pattern(n.KeyPattern).MatchString(k) {
			return issue(path, k, true)
		}
		child, ok := n.prop(k)
		if !ok {
			child = n.Extra
		}
		if child == Closed {
			return issue(path, k, false)
		}
		if is := c.node(v, child, append(path, step{key: k, index: -1})); is != nil {
			return is
		}
	}
	return nil
}

func kindOf(v any) Kind {
	switch v.(type) {
	case *json5.Object:
		return Object
	case *json5.Array:
		return Array
	case string:
		return String
	case float64:
		return Number
	case bool:
		return Bool
	}
	return Null
}

func issue(path []step, key string, badName bool) *Issue {
	var b strings.Builder
	for _, s := range path {
		if s.index >= 0 {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		} else {
			b.WriteString(segment(s.key))
		}
	}
	is := &Issue{Path: strings.TrimPrefix(b.String(), "."), BadName: badName}
	if shown(key) {
		is.Key = key
	}
	return is
}

// segment is one key of a path: .name for a plain name, else ["name"];
// a key not safe to show is ["…"].
func segment(k string) string {
	switch {
	case !shown(k):
		return `["…"]`
	case plainName(k):
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

// shown: a key is printed only when it cannot be a secret pasted into the
// wrong place: short, printable, and not shaped like a credential.
func shown(k string) bool {
	if len(k) > 64 || redact.Shaped(k) {
		return false
	}
	for _, r := range k {
		if r < ' ' || r == 0x7f || r > '~' {
			return false
		}
	}
	return true
}

func plainName(k string) bool {
	if k == "" {
		return false
	}
	for i, r := range k {
		ok := r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9'
		if !ok {
			return false
		}
	}
	return true
}

// patterns are the compiled key patterns (a handful, shared by all trees).
var patterns sync.Map

func pattern(p string) *regexp.Regexp {
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(p)
	patterns.Store(p, re)
	return re
}

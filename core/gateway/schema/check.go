package schema

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/authtray/authtray/core/json5"
	"github.com/authtray/authtray/core/redact"
)

// Check returns the first key or value of v (a config as json5 parses it,
// includes resolved) that the schema refuses, in file order.
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
	// quiet: only whether v passes matters (an alternative being tried),
	// so an issue is the shared failed, and costs nothing.
	quiet bool
}

// failed is the issue of a quiet check.
var failed = &Issue{}

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
	if got := kindOf(v); n.Kinds&got == 0 {
		return c.typeIssue(path, got, n.Kinds)
	}
	if n.Rule != 0 {
		if is := c.value(v, &c.t.Rules[n.Rule], path); is != nil {
			return is
		}
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

// alternatives passes v when one alternative of its type passes it; a
// value of a type none takes is refused with the types they take. They are
// tried quietly; only when none passes are they walked again for the
// issue to show (pick).
func (c *checker) alternatives(v any, alts []int32, path []step) *Issue {
	var want Kind
	taken := false
	quiet := c.quiet
	c.quiet = true
	for _, a := range alts {
		want |= c.kinds(a)
		if !c.takes(a, v) {
			continue
		}
		taken = true
		if c.node(v, a, path) == nil {
			c.quiet = quiet
			return nil
		}
	}
	c.quiet = quiet
	switch {
	case !taken:
		return c.typeIssue(path, kindOf(v), want)
	case quiet:
		return failed
	}
	return c.pick(v, alts, path)
}

// pick is the issue to show when no alternative passes v: the first of an
// alternative whose tag (a property with one allowed value, as a
// discriminated union's) v has, else of one without a tag, else of one
// whose tag v misses. When every alternative refuses v itself as not one
// of its values (a union of literals), the issue lists all their values.
func (c *checker) pick(v any, alts []int32, path []step) *Issue {
	var best *Issue
	bestRank := -1
	var issues []*Issue
	for _, a := range alts {
		if !c.takes(a, v) {
			continue
		}
		is := c.node(v, a, path)
		issues = append(issues, is)
		if r := c.tagRank(a, v); r > bestRank {
			best, bestRank = is, r
		}
	}
	merged := *issues[0]
	for _, is := range issues {
		if is.Broken != NotAllowed || is.Path != merged.Path || is.Of != merged.Of {
			return best
		}
		for _, a := range is.Allowed {
			if !slices.Contains(merged.Allowed, a) {
				merged.Allowed = append(slices.Clip(merged.Allowed), a)
			}
		}
	}
	return &merged
}

// tagRank is 2 when v has every tag of alternative a with its value (and
// has one), 1 when a has no tag v has, 0 when v has a tag of a with
// another value.
func (c *checker) tagRank(a int32, v any) int {
	o, ok := v.(*json5.Object)
	if !ok || a == Open {
		return 1
	}
	rank := 1
	for _, p := range c.t.Nodes[a].Props {
		n := &c.t.Nodes[p.Node]
		if p.Node == Open || len(n.Any) > 0 || n.Rule == 0 || len(c.t.Rules[n.Rule].Enum) != 1 {
			continue
		}
		pv, has := o.Get(p.Name)
		switch {
		case !has:
		case allowed(pv, &c.t.Rules[n.Rule]):
			rank = 2
		default:
			return 0
		}
	}
	return rank
}

// kinds are the JSON types node i takes (any, for Open or alternatives of
// alternatives).
func (c *checker) kinds(i int32) Kind {
	if n := &c.t.Nodes[i]; i != Open && len(n.Any) == 0 {
		return n.Kinds
	}
	return AnyKind
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
			return c.issue(path, k, true)
		}
		child, ok := n.prop(k)
		if !ok {
			child = n.Extra
		}
		if child == Closed {
			return c.issue(path, k, false)
		}
		if is := c.node(v, child, append(path, step{key: k, index: -1})); is != nil {
			return is
		}
	}
	if n.Rule != 0 {
		for _, k := range c.t.Rules[n.Rule].Required {
			if _, ok := o.Get(k); !ok {
				return c.missing(path, k)
			}
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

func (c *checker) typeIssue(path []step, got, want Kind) *Issue {
	if c.quiet {
		return failed
	}
	return &Issue{Path: pathText(path), Got: got, Want: want}
}

func (c *checker) issue(path []step, key string, badName bool) *Issue {
	return c.keyed(path, key, Issue{BadName: badName})
}

// keyed is the issue is about member key at path, naming key where it can
// be shown; failed in a quiet check.
func (c *checker) keyed(path []step, key string, is Issue) *Issue {
	if c.quiet {
		return failed
	}
	// A copy made past the quiet return: is itself stays off the heap, so
	// a quiet check still allocates nothing.
	out := is
	out.Path = pathText(path)
	if shown(key) {
		out.Key = key
	}
	return &out
}

func pathText(path []step) string {
	var b strings.Builder
	for _, s := range path {
		if s.index >= 0 {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		} else {
			b.WriteString(segment(s.key))
		}
	}
	return strings.TrimPrefix(b.String(), ".")
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

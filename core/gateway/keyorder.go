package gateway

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"

	"github.com/authtray/authtray/core/fsys"
	"github.com/titanous/json5"
)

// The gateway iterates config objects (auth.profiles above all) in their
// JavaScript key order: the order the keys appear in openclaw.json. A Go map
// loses it, so keyOrder recovers it from the file's text.

// seq numbers values in the order the decoder meets them. Within one object
// the decoder reads its members front to back, so their numbers rise in file
// order (nested objects only leave gaps).
var seq atomic.Int64

// onode is a JSON5 value that remembers the order of its object keys.
type onode struct {
	keys []string
	vals map[string]*onode
	leaf any
}

type seqNode struct {
	pos int64
	n   onode
}

func (s *seqNode) UnmarshalJSON(data []byte) error {
	s.pos = seq.Add(1)
	return s.n.UnmarshalJSON(data)
}

func (o *onode) UnmarshalJSON(data []byte) error {
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return json5.Unmarshal(data, &o.leaf)
	}
	m := map[string]*seqNode{}
	if err := json5.Unmarshal(data, &m); err != nil {
		return err
	}
	o.vals = make(map[string]*onode, len(m))
	for k, v := range m {
		o.keys = append(o.keys, k)
		o.vals[k] = &v.n
	}
	sort.Slice(o.keys, func(i, j int) bool { return m[o.keys[i]].pos < m[o.keys[j]].pos })
	o.keys = jsKeyOrder(o.keys)
	return nil
}

// jsKeyOrder puts array-index keys ("0", "1", …) first in numeric order, as
// JavaScript enumerates them; the rest keep their order.
func jsKeyOrder(keys []string) []string {
	var idx, rest []string
	for _, k := range keys {
		if n, err := strconv.ParseUint(k, 10, 32); err == nil && n < 1<<32-1 && strconv.FormatUint(n, 10) == k {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, _ := strconv.ParseUint(idx[i], 10, 32)
		b, _ := strconv.ParseUint(idx[j], 10, 32)
		return a < b
	})
	return append(idx, rest...)
}

// keyOrder lists, in the gateway's order, the keys of the object at path in
// the config file, following $include as resolveIncludes does: included
// files' keys first (in include order), then sibling keys not yet listed.
// It returns nil when the order cannot be recovered.
func keyOrder(f fsys.FS, file string, path []string) []string {
	return keyOrderIn(f, file, path, 0)
}

func keyOrderIn(f fsys.FS, file string, path []string, depth int) []string {
	if depth > maxIncludeDepth {
		return nil
	}
	data, err := f.ReadFile(file)
	if err != nil {
		return nil
	}
	var root onode
	if err := json5.Unmarshal(data, &root); err != nil {
		return nil
	}
	return nodeKeys(f, file, &root, path, depth)
}

func nodeKeys(f fsys.FS, file string, n *onode, path []string, depth int) []string {
	var out []string
	seen := map[string]bool{}
	add := func(ks []string) {
		for _, k := range ks {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	if inc, ok := n.vals["$include"]; ok {
		var paths []string
		switch p := inc.leaf.(type) {
		case string:
			paths = []string{p}
		case []any:
			for _, e := range p {
				if s, ok := e.(string); ok {
					paths = append(paths, s)
				}
			}
		}
		for _, p := range paths {
			full := p
			if !filepath.IsAbs(full) {
				full = filepath.Join(filepath.Dir(file), p)
			}
			if _, err := f.Stat(full); errors.Is(err, fs.ErrNotExist) {
				continue
			}
			add(keyOrderIn(f, filepath.Clean(full), path, depth+1))
		}
	}
	if len(path) == 0 {
		var own []string
		for _, k := range n.keys {
			if k != "$include" {
				own = append(own, k)
			}
		}
		add(own)
		return out
	}
	if child, ok := n.vals[path[0]]; ok {
		add(nodeKeys(f, file, child, path[1:], depth))
	}
	return out
}

// inOrder sorts keys by their position in order; keys it does not list
// follow, sorted.
func inOrder(keys, order []string) []string {
	pos := make(map[string]int, len(order))
	for i, k := range order {
		if _, ok := pos[k]; !ok {
			pos[k] = i
		}
	}
	out := append([]string(nil), keys...)
	sort.Slice(out, func(i, j int) bool {
		pi, iok := pos[out[i]]
		pj, jok := pos[out[j]]
		switch {
		case iok && jok:
			return pi < pj
		case iok != jok:
			return iok
		}
		return out[i] < out[j]
	})
	return out
}

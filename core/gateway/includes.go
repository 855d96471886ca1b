package gateway

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/json5"
)

// The gateway's limits on $include (dist/includes-*.mjs).
const (
	// maxIncludeDepth: a file at depth 10 may not include another.
	maxIncludeDepth = 10
	// maxIncludeBytes: a larger included file fails its security check.
	maxIncludeBytes = 2 << 20
	// maxIncludePath: a longer $include path is refused.
	maxIncludePath = 4096
	// mergeBudget bounds the values that merging included files may copy,
	// so that a file listing the same include a million times cannot take
	// minutes; real configs merge a few thousand.
	mergeBudget = 2_000_000
)

// includeRoot is a directory an $include may read from: as written, and
// with its symlinks resolved.
type includeRoot struct{ dir, real string }

// resolver resolves $include as the gateway's IncludeProcessor does: each
// file is read, parsed and resolved once (its result is shared by every
// place that includes it; nothing downstream changes a tree in place).
type resolver struct {
	f      fsys.FS
	roots  []includeRoot
	done   map[string]resolved
	budget int
	sub    *substituter
}

// resolved is one file after its includes: its value, or why it failed,
// and its shape.
type resolved struct {
	v     any
	shape shape
	err   error
}

// shape is what the limits need of a resolved value: how many levels of
// includes it holds, and how deeply its objects and arrays nest.
type shape struct{ includes, nest int }

func (a shape) or(b shape) shape {
	return shape{max(a.includes, b.includes), max(a.nest, b.nest)}
}

func newResolver(f fsys.FS, configPath string, extraRoots []string, sub *substituter) *resolver {
	r := &resolver{f: f, done: map[string]resolved{}, budget: mergeBudget, sub: sub}
	for _, d := range append([]string{filepath.Dir(configPath)}, extraRoots...) {
		real, err := realPath(f, d)
		if err != nil {
			real = d // the gateway's safeRealpath
		}
		r.roots = append(r.roots, includeRoot{dir: d, real: filepath.Clean(real)})
	}
	return r
}

// resolve replaces every {"$include": …} in v, a value of file, which is
// open (being resolved) with the files in chain, and ${VAR} in its strings.
// It returns v itself when nothing below it changes, and the shape of the
// result.
func (r *resolver) resolve(v any, file string, chain []string) (any, shape, error) {
	switch t := v.(type) {
	case string:
		return r.sub.str(t), shape{}, nil
	case *json5.Object:
		var out any
		var sh shape
		var err error
		if _, ok := t.Get("$include"); ok {
			out, sh, err = r.includeObject(t, file, chain)
		} else {
			out, sh, err = r.members(t, file, chain, nil)
			sh.nest++
		}
		return out, sh, err
	case *json5.Array:
		var out *json5.Array
		var sh shape
		for i, e := range t.Elems {
			ne, s, err := r.resolve(e, file, chain)
			if err != nil {
				return nil, shape{}, err
			}
			sh = sh.or(s)
			if ne != e && out == nil {
				out = &json5.Array{Elems: append([]any(nil), t.Elems...)}
			}
			if out != nil {
				out.Elems[i] = ne
			}
		}
		sh.nest++
		if out == nil {
			return t, sh, nil
		}
		return out, sh, nil
	}
	return v, shape{}, nil
}

// members resolves an object's members except skip, copying the object
// only when one changed.
func (r *resolver) members(o *json5.Object, file string, chain []string, skip map[string]bool) (*json5.Object, shape, error) {
	var out *json5.Object
	var sh shape
	for i := range o.Len() {
		k, v := o.Key(i)
		if skip[k] {
			continue
		}
		nv, s, err := r.resolve(v, file, chain)
		if err != nil {
			return nil, shape{}, err
		}
		sh = sh.or(s)
		if nv != v && out == nil {
			out = &json5.Object{}
			for j := range i {
				if kj, vj := o.Key(j); !skip[kj] {
					out.Set(kj, vj)
				}
			}
		}
		if out != nil {
			out.Set(k, nv)
		}
	}
	if out == nil && skip == nil {
		return o, sh, nil
	}
	if out == nil {
		out = &json5.Object{}
		for i := range o.Len() {
			if k, v := o.Key(i); !skip[k] {
				out.Set(k, v)
			}
		}
	}
	return out, sh, nil
}

// includeObject resolves an object holding $include: one file replaces
// it, a list of files is deep-merged in order, and sibling keys are merged
// over the result (processInclude).
func (r *resolver) includeObject(o *json5.Object, file string, chain []string) (any, shape, error) {
	paths, err := includePaths(o, file)
	if err != nil {
		return nil, shape{}, err
	}
	inc, _ := o.Get("$include")
	_, single := inc.(string)
	var base any
	var sh shape
	for i, p := range paths {
		v, s, err := r.includeFile(p, file, chain)
		if err != nil {
			return nil, shape{}, err
		}
		sh = sh.or(s)
		switch {
		case single:
			base = v // one file, not a list: no merge, nothing sanitized
		case i == 0:
			base, err = r.merge(&json5.Object{}, v)
		default:
			base, err = r.merge(base, v)
		}
		if err != nil {
			return nil, shape{}, err
		}
	}
	if o.Len() == 1 {
		return base, sh, nil
	}
	if _, ok := base.(*json5.Object); !ok {
		return nil, shape{}, fmt.Errorf("$include in %s has sibling keys but includes a value that is not an object", file)
	}
	rest, s, err := r.members(o, file, chain, map[string]bool{"$include": true})
	if err != nil {
		return nil, shape{}, err
	}
	s.nest++
	merged, err := r.merge(base, rest)
	return merged, sh.or(s), err
}

// includePaths reads an $include value: a path or a list of paths.
func includePaths(o *json5.Object, file string) ([]string, error) {
	inc, _ := o.Get("$include")
	switch p := inc.(type) {
	case string:
		return []string{p}, nil
	case *json5.Array:
		paths := make([]string, 0, len(p.Elems))
		for _, e := range p.Elems {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("$include in %s lists a value that is not a path", file)
			}
			paths = append(paths, s)
		}
		return paths, nil
	}
	return nil, fmt.Errorf("$include in %s is not a path or a list of paths", file)
}

// includeFile reads, parses and resolves one included file (loadFile): its
// path must stay under a root both as written and with symlinks resolved,
// it must not be open already, and the chain must leave room for it.
func (r *resolver) includeFile(p, from string, chain []string) (any, shape, error) {
	full, err := r.includePath(p, from)
	if err != nil {
		return nil, shape{}, err
	}
	for _, c := range chain {
		if c == full {
			return nil, shape{}, fmt.Errorf("$include %s in %s includes itself", p, from)
		}
	}
	depth := len(chain) - 1 // of the including file; the config is 0
	if depth >= maxIncludeDepth {
		return nil, shape{}, fmt.Errorf("$include %s in %s nests more than %d files deep", p, from, maxIncludeDepth)
	}
	res, ok := r.done[full]
	if !ok {
		res = r.load(full, p, from, append(chain[:len(chain):len(chain)], full))
		r.done[full] = res
	}
	if res.err != nil {
		return nil, shape{}, res.err
	}
	if depth+1+res.shape.includes > maxIncludeDepth {
		return nil, shape{}, fmt.Errorf("$include %s in %s nests more than %d files deep", p, from, maxIncludeDepth)
	}
	return res.v, shape{res.shape.includes + 1, res.shape.nest}, nil
}

func (r *resolver) load(full, p, from string, chain []string) resolved {
	if fi, err := r.f.Stat(full); err == nil && linkCount(fi) > 1 {
		return resolved{err: fmt.Errorf("$include %s in %s is a hard link, which the gateway refuses", p, from)}
	}
	data, err := r.f.ReadFile(full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return resolved{err: fmt.Errorf("$include %s in %s: file not found", p, from)}
	case err != nil:
		return resolved{err: fmt.Errorf("$include %s in %s: %s", p, from, fsys.Reason(err))}
	case len(data) > maxIncludeBytes:
		return resolved{err: fmt.Errorf("$include %s in %s is larger than %d MB, which the gateway refuses", p, from, maxIncludeBytes>>20)}
	}
	v, err := parseJSON5(full, data)
	if err != nil {
		return resolved{err: err}
	}
	v, sh, err := r.resolve(v, full, chain)
	return resolved{v: v, shape: sh, err: err}
}

// includePath resolves an $include path against the including file and
// checks it as resolvePath does: under a root as written and, when it
// exists, with symlinks resolved (a link out of the config dir is refused,
// as the gateway refuses it).
func (r *resolver) includePath(p, from string) (string, error) {
	if strings.ContainsRune(p, 0) || len(p) >= maxIncludePath {
		return "", fmt.Errorf("$include in %s has a path the gateway refuses (a NUL byte or over %d characters)", from, maxIncludePath)
	}
	full := p
	if !filepath.IsAbs(full) {
		full = filepath.Join(filepath.Dir(from), p)
	}
	full = filepath.Clean(full)
	if !r.under(full, false) {
		return "", fmt.Errorf("$include %s in %s is outside the config directory", p, from)
	}
	real, err := realPath(r.f, full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return full, nil // read as written; reading it says "not found"
	case err != nil:
		return "", fmt.Errorf("$include %s in %s cannot be resolved: %s", p, from, fsys.Reason(err))
	case !r.under(filepath.Clean(real), true):
		return "", fmt.Errorf("$include %s in %s is a symlink to outside the config directory, which the gateway refuses", p, from)
	}
	return full, nil
}

func (r *resolver) under(p string, real bool) bool {
	for _, root := range r.roots {
		d := root.dir
		if real {
			d = root.real
		}
		if p == d || strings.HasPrefix(p, strings.TrimSuffix(d, "/")+"/") {
			return true
		}
	}
	return false
}

// linkCount is a file's number of hard links, 0 when its FileInfo does not
// say (a fake). It reads the Nlink field of the platform's stat structure
// without importing syscall into core.
func linkCount(fi fs.FileInfo) uint64 {
	v := reflect.ValueOf(fi.Sys())
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return 0
	}
	if f := v.FieldByName("Nlink"); f.IsValid() && f.CanUint() {
		return f.Uint()
	}
	return 0
}

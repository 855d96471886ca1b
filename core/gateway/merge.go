package gateway

import (
	"fmt"

	"github.com/authtray/authtray/core/json5"
)

// blockedKey: keys the gateway's mergeDeep drops, at every level of both
// sides, because assigning them could change a prototype.
func blockedKey(k string) bool { return k == "__proto__" || k == "prototype" || k == "constructor" }

// merge lays b over a as the gateway merges includes (mergeDeep with
// arrays "concat"): objects merge key by key, two arrays concatenate,
// anything else is replaced by b. Each copied value spends the budget.
func (r *resolver) merge(a, b any) (any, error) {
	if aa, ok := a.(*json5.Array); ok {
		if ba, ok := b.(*json5.Array); ok {
			return r.concat(aa, ba)
		}
	}
	ao, aok := a.(*json5.Object)
	bo, bok := b.(*json5.Object)
	if !aok || !bok {
		return b, nil
	}
	out, err := r.sanitize(ao)
	if err != nil {
		return nil, err
	}
	for i := range bo.Len() {
		k, v := bo.Key(i)
		if blockedKey(k) {
			continue
		}
		cur, _ := out.Get(k)
		var nv any = v
		switch vt := v.(type) {
		case *json5.Object:
			if co, ok := cur.(*json5.Object); ok {
				nv, err = r.merge(co, vt)
			} else {
				nv, err = r.sanitize(vt)
			}
		case *json5.Array:
			if ca, ok := cur.(*json5.Array); ok {
				nv, err = r.concat(ca, vt)
			}
		}
		if err != nil {
			return nil, err
		}
		out.Set(k, nv)
	}
	return out, nil
}

// sanitize copies an object without its blocked keys, through nested
// objects (sanitizePlainObject).
func (r *resolver) sanitize(o *json5.Object) (*json5.Object, error) {
	if err := r.spend(o.Len()); err != nil {
		return nil, err
	}
	out := &json5.Object{}
	for i := range o.Len() {
		k, v := o.Key(i)
		if blockedKey(k) {
			continue
		}
		if vo, ok := v.(*json5.Object); ok {
			s, err := r.sanitize(vo)
			if err != nil {
				return nil, err
			}
			v = s
		}
		out.Set(k, v)
	}
	return out, nil
}

func (r *resolver) concat(a, b *json5.Array) (*json5.Array, error) {
	if err := r.spend(len(a.Elems) + len(b.Elems)); err != nil {
		return nil, err
	}
	return &json5.Array{Elems: append(append(make([]any, 0, len(a.Elems)+len(b.Elems)), a.Elems...), b.Elems...)}, nil
}

func (r *resolver) spend(n int) error {
	r.budget -= n
	if r.budget < 0 {
		return fmt.Errorf("$include merges more than %d values; authtray stops there", mergeBudget)
	}
	return nil
}

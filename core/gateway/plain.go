package gateway

import (
	"sync"

	"github.com/authtray/authtray/core/json5"
)

// plainViews turns the ordered config tree into the map[string]any and
// []any values the accessors hand out, each object and array once however
// often it is asked for (a shared subtree too), so that reading a large
// config stays linear.
type plainViews struct {
	mu   sync.Mutex
	done map[any]any

	rosterOnce sync.Once
	roster     []rosterEntry
	rosterAt   map[string]int // each id's first entry in roster

	defaultModelsOnce sync.Once
	defaultModels     runtimeScope
}

func newPlainViews() *plainViews { return &plainViews{done: map[any]any{}} }

func (p *plainViews) plain(v any) any {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.convert(v)
}

func (p *plainViews) convert(v any) any {
	switch t := v.(type) {
	case *json5.Object:
		if t == nil {
			return nil
		}
		if m, ok := p.done[t]; ok {
			return m
		}
		m := make(map[string]any, t.Len())
		for i := range t.Len() {
			k, e := t.Key(i)
			m[k] = p.convert(e)
		}
		p.done[t] = m
		return m
	case *json5.Array:
		if a, ok := p.done[t]; ok {
			return a
		}
		a := make([]any, len(t.Elems))
		for i, e := range t.Elems {
			a[i] = p.convert(e)
		}
		p.done[t] = a
		return a
	}
	return v
}

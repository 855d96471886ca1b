package gateway

import (
	"slices"
	"strings"

	"github.com/authtray/authtray/core/json5"
)

// asValidated is the config as the gateway validates it: it first takes
// out, in memory, the legacy forms it still reads
// (prepareConfigObjectWithPlugins, dist/io.snapshot-preparation-*.mjs):
// context budgets (migrateLegacyContextBudgetConfig) and an agents.list
// roster it can convert to agents.entries
// (migratePersistedImplicitMainRoster, dist/legacy.roster-*.mjs). A
// channel's own settings are left out too: its plugin validates them, and
// `models status` loads no channel plugin (only the kernel-owned keys,
// CHANNEL_KERNEL_CONFIG_KEYS in dist/schema-*.mjs, are the core schema's).
// Objects it changes are copies; root is not touched.
func asValidated(root *json5.Object) *json5.Object {
	if ch, ok := get(root, "channels").(*json5.Object); ok {
		root = with(root, "channels", only(ch, "defaults", "modelByChannel"))
	}
	agents, _ := get(root, "agents").(*json5.Object)
	if agents != nil {
		agents = withoutBudgets(agents)
		if list, ok := legacyRoster(agents); ok {
			agents = without(agents, "list")
			agents.Set("entries", list)
		}
		root = with(root, "agents", agents)
	}
	if models, _ := get(root, "models").(*json5.Object); models != nil {
		if providers, _ := get(models, "providers").(*json5.Object); providers != nil {
			root = with(root, "models", with(models, "providers", eachObject(providers, func(p *json5.Object) *json5.Object {
				return without(p, "contextTokens", "contextWindow")
			})))
		}
	}
	return root
}

// withoutBudgets drops agents.defaults.contextTokens and each roster
// entry's (removeAgentContextTokens).
func withoutBudgets(agents *json5.Object) *json5.Object {
	drop := func(e *json5.Object) *json5.Object { return without(e, "contextTokens") }
	if d, ok := get(agents, "defaults").(*json5.Object); ok {
		agents = with(agents, "defaults", drop(d))
	}
	if e, ok := get(agents, "entries").(*json5.Object); ok {
		agents = with(agents, "entries", eachObject(e, drop))
	}
	if l, ok := get(agents, "list").(*json5.Array); ok {
		out := &json5.Array{Elems: make([]any, len(l.Elems))}
		for i, v := range l.Elems {
			if o, ok := v.(*json5.Object); ok {
				v = drop(o)
			}
			out.Elems[i] = v
		}
		agents = with(agents, "list", out)
	}
	return agents
}

// legacyRoster is parseLegacyAgentRoster: agents.list as agents.entries,
// when there is no entries key and every element is an object whose id is
// already a canonical agent id, each once. Otherwise the gateway leaves
// the list as it is, and its schema refuses it.
func legacyRoster(agents *json5.Object) (*json5.Object, bool) {
	if _, has := agents.Get("entries"); has {
		return nil, false
	}
	l, ok := get(agents, "list").(*json5.Array)
	if !ok {
		return nil, false
	}
	entries := &json5.Object{}
	for _, v := range l.Elems {
		e, ok := v.(*json5.Object)
		if !ok {
			return nil, false
		}
		id, _ := get(e, "id").(string)
		if _, dup := entries.Get(id); id == "" || strings.TrimSpace(id) != id || canonicalAgentID(id) != id || dup {
			return nil, false
		}
		entries.Set(id, without(e, "id"))
	}
	return entries, true
}

// canonicalAgentID is normalizeAgentId (dist/agent-id-*.mjs): trimmed and
// lower case; outside [a-z0-9_-] a run of other characters is one dash,
// dashes at either end go, at most 64 characters; nothing left is main.
// Written out rather than as the gateway's regexps: its {0,63} compiles to
// a program large enough to be a tenth of a millisecond of every start.
func canonicalAgentID(id string) string {
	t := strings.TrimSpace(id)
	if plainAgentID(t) {
		return strings.ToLower(t)
	}
	s := strings.Trim(dashRuns(jsLower(t)), "-")
	if len(s) > 64 {
		s = s[:64]
	}
	if s == "" {
		return "main"
	}
	return s
}

// plainAgentID is the gateway's VALID_ID_RE, /^[a-z0-9][a-z0-9_-]{0,63}$/i.
func plainAgentID(s string) bool {
	if s == "" || len(s) > 64 || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// dashRuns replaces each run of characters outside [a-z0-9_-] with one
// dash, as s.replace(/[^a-z0-9_-]+/g, "-"). Bytes are enough: every byte of
// a multi-byte character is outside that ASCII set, so runs are the same.
func dashRuns(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inRun := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
			b.WriteByte(c)
			inRun = false
		} else if !inRun {
			b.WriteByte('-')
			inRun = true
		}
	}
	return b.String()
}

func get(o *json5.Object, k string) any {
	v, _ := o.Get(k)
	return v
}

// with is a copy of o whose key k holds v (o itself when it already does).
func with(o *json5.Object, k string, v any) *json5.Object {
	if old, ok := o.Get(k); ok && old == v {
		return o
	}
	c := &json5.Object{}
	for i := range o.Len() {
		c.Set(o.Key(i))
	}
	c.Set(k, v)
	return c
}

// without is a copy of o with none of keys (o itself when it has none).
func without(o *json5.Object, keys ...string) *json5.Object {
	found := false
	for _, k := range keys {
		if _, ok := o.Get(k); ok {
			found = true
		}
	}
	if !found {
		return o
	}
	c := &json5.Object{}
	for i := range o.Len() {
		if k, v := o.Key(i); !slices.Contains(keys, k) {
			c.Set(k, v)
		}
	}
	return c
}

// only is a copy of o with none but keys (o itself when it has no other).
func only(o *json5.Object, keys ...string) *json5.Object {
	var drop []string
	for i := range o.Len() {
		if k, _ := o.Key(i); !slices.Contains(keys, k) {
			drop = append(drop, k)
		}
	}
	return without(o, drop...)
}

// eachObject applies f to every object value of o.
func eachObject(o *json5.Object, f func(*json5.Object) *json5.Object) *json5.Object {
	out := o
	for i := range o.Len() {
		k, v := o.Key(i)
		if e, ok := v.(*json5.Object); ok {
			out = with(out, k, f(e))
		}
	}
	return out
}

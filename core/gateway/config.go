package gateway

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/json5"
	"github.com/authtray/authtray/internal/lazyregexp"
)

// config is openclaw.json after $include and ${VAR} substitution, reduced to
// what selection needs.
type config struct {
	Path    string
	Present bool
	// root is the resolved config, keys in file order; views holds the
	// map form of its objects, made when first asked for.
	root  *json5.Object
	views *plainViews
	// subs are the ${VAR} values that may be secret, longest first.
	subs []substitution
}

// loadConfig reads the gateway config. A missing file is not an error (the
// gateway runs on defaults); anything it cannot resolve is, since guessing
// would judge the wrong credentials. Each file is read and parsed once, in
// one ordered pass.
func loadConfig(f fsys.FS, path string, getenv func(string) string) (config, error) {
	c := config{Path: path, views: newPlainViews()}
	data, err := f.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	c.Present = true
	if err != nil {
		return c, fmt.Errorf("%s: %s", path, fsys.Reason(err))
	}
	v, err := parseJSON5(path, data)
	if err != nil {
		return c, err
	}
	var roots []string
	for _, r := range filepath.SplitList(getenv("OPENCLAW_INCLUDE_ROOTS")) {
		if filepath.IsAbs(r) {
			roots = append(roots, filepath.Clean(r))
		}
	}
	s := substituter{getenv: getenv, subs: map[substitution]bool{}}
	v, sh, err := newResolver(f, path, roots, &s).resolve(v, path, []string{path})
	if err != nil {
		return c, err
	}
	// Each file nests at most json5.MaxDepth levels; included in one
	// another they could nest ten times that, which the gateway's
	// recursive reader does not survive either.
	if sh.nest > json5.MaxDepth {
		return c, fmt.Errorf("%s with its $include files nests more than %d levels deep", path, json5.MaxDepth)
	}
	m, ok := v.(*json5.Object)
	if !ok {
		return c, fmt.Errorf("%s is not a JSON object", path)
	}
	c.root, c.subs = m, secretSubs(s.subs)
	return c, nil
}

// parseJSON5 parses one config file; its error names the file and line,
// never the text.
func parseJSON5(path string, data []byte) (any, error) {
	v, err := json5.Parse(data)
	if err != nil {
		var se *json5.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s is malformed at line %d (%s)", path, se.Line, se.Reason)
		}
		return nil, fmt.Errorf("%s is malformed", path)
	}
	return v, nil
}

// lookup walks a path of object keys in the ordered tree.
func (c config) lookup(path ...string) any {
	var v any = c.root
	for _, k := range path {
		o, ok := v.(*json5.Object)
		if !ok || o == nil {
			return nil
		}
		v, _ = o.Get(k)
	}
	if o, ok := v.(*json5.Object); ok && o == nil {
		return nil
	}
	return v
}

// keys lists the keys of the object at path in the gateway's order (the
// file's, as Object.keys gives them; included files' keys first, then
// sibling keys), nil when there is no object there.
func (c config) keys(path ...string) []string {
	o, _ := c.lookup(path...).(*json5.Object)
	if o == nil {
		return nil
	}
	return o.JSKeys()
}

// get walks a path of object keys. Objects come back as map[string]any
// and arrays as []any (shared: callers must not change them).
func (c config) get(path ...string) any {
	return c.views.plain(c.lookup(path...))
}

func (c config) str(path ...string) string {
	s, _ := c.get(path...).(string)
	return strings.TrimSpace(s)
}

// rosterEntry is one configured agent: its normalized id and its entry.
type rosterEntry struct {
	ID    string
	Entry map[string]any
	// Obj is the entry in the file's key order.
	Obj *json5.Object
}

// roster is the configured agents (readAgentRosterProperty): the
// agents.entries object, or, when it is absent, the older agents.list array
// of {id, …} objects.
// It is read once per config (callers must not change it): selection asks
// for agent entries per agent, which re-reading made quadratic.
func (c config) roster() []rosterEntry {
	if c.views == nil {
		return c.readRoster()
	}
	c.views.rosterOnce.Do(c.indexRoster)
	return c.views.roster
}

// indexRoster reads the roster into c.views, and where each id's first
// entry is in it: a hundred agents each asked for their entry several
// times a read, each time through every entry before theirs.
func (c config) indexRoster() {
	v := c.views
	v.roster = c.readRoster()
	v.rosterAt = make(map[string]int, len(v.roster))
	for i, e := range v.roster {
		if _, ok := v.rosterAt[e.ID]; !ok {
			v.rosterAt[e.ID] = i
		}
	}
}

func (c config) readRoster() []rosterEntry {
	agents, _ := c.get("agents").(map[string]any)
	var out []rosterEntry
	if v, ok := agents["entries"]; ok && v != nil {
		m, _ := v.(map[string]any)
		// In the file's order, then by id: of two keys that name one
		// agent, the gateway's first match (resolveAgentEntry) is the
		// file's first, never chance.
		for _, id := range c.keys("agents", "entries") {
			if em, ok := m[id].(map[string]any); ok {
				obj, _ := c.lookup("agents", "entries", id).(*json5.Object)
				out = append(out, rosterEntry{ID: normAgent(id), Entry: em, Obj: obj})
			}
		}
		slices.SortStableFunc(out, func(a, b rosterEntry) int { return strings.Compare(a.ID, b.ID) })
		return out
	}
	l, _ := agents["list"].([]any)
	ol, _ := c.lookup("agents", "list").(*json5.Array)
	for i, e := range l {
		em, ok := e.(map[string]any)
		if !ok {
			continue
		}
		id, _ := em["id"].(string)
		var obj *json5.Object
		if ol != nil && i < len(ol.Elems) {
			obj, _ = ol.Elems[i].(*json5.Object)
		}
		out = append(out, rosterEntry{ID: normAgent(id), Entry: em, Obj: obj})
	}
	return out
}

// agentIDs are the configured agents' ids, each once.
func (c config) agentIDs() []string {
	var ids []string
	seen := map[string]bool{}
	for _, e := range c.roster() {
		if !seen[e.ID] {
			seen[e.ID] = true
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// agentDir is the agent's agentDir, "" when unset.
func (c config) agentDir(id string) string {
	s, _ := c.agentEntry(id)["agentDir"].(string)
	return strings.TrimSpace(s)
}

// agentEntry returns the agent's roster entry.
func (c config) agentEntry(id string) map[string]any {
	e, _ := c.rosterEntry(id)
	return e.Entry
}

func (c config) rosterEntry(id string) (rosterEntry, bool) {
	if c.views != nil {
		r := c.roster()
		if i, ok := c.views.rosterAt[id]; ok {
			return r[i], true
		}
		return rosterEntry{}, false
	}
	for _, e := range c.roster() {
		if e.ID == id {
			return e, true
		}
	}
	return rosterEntry{}, false
}

// defaultAgent: agents.defaults.systemAgent.agentId, else the one agent
// marked default: true (unless agents.ownership is "explicit"), else the
// sole agent, else main.
func (c config) defaultAgent() string {
	if id := c.str("agents", "defaults", "systemAgent", "agentId"); id != "" {
		return normAgent(id)
	}
	if c.str("agents", "ownership") != "explicit" {
		var marked []string
		for _, e := range c.roster() {
			if e.Entry["default"] == true {
				marked = append(marked, e.ID)
			}
		}
		if len(marked) == 1 {
			return marked[0]
		}
	}
	if ids := c.agentIDs(); len(ids) == 1 {
		return ids[0]
	}
	return "main"
}

// authProfiles is config auth.profiles: id → {provider, mode}.
func (c config) authProfiles() map[string]profileConfig {
	m, _ := c.get("auth", "profiles").(map[string]any)
	out := map[string]profileConfig{}
	for id, v := range m {
		e, _ := v.(map[string]any)
		p, _ := e["provider"].(string)
		mode, _ := e["mode"].(string)
		out[id] = profileConfig{Provider: normProvider(p), Mode: strings.TrimSpace(mode)}
	}
	return out
}

// authOrder is config auth.order: provider → ids.
func (c config) authOrder() map[string][]string {
	m, _ := c.get("auth", "order").(map[string]any)
	if m == nil {
		return nil
	}
	out := map[string][]string{}
	// findNormalizedProviderValue takes the first key, in JavaScript's
	// order, that normalises to the provider: " anthropic" before a later
	// "anthropic". (The file's order, not a map's.)
	for _, p := range c.keys("auth", "order") {
		if _, seen := out[normProvider(p)]; seen {
			continue
		}
		l, _ := m[p].([]any)
		ids := []string{}
		for _, e := range l {
			if s, ok := e.(string); ok {
				ids = append(ids, s)
			}
		}
		out[normProvider(p)] = ids
	}
	return out
}

// authProfileIDs are the auth.profiles ids in the gateway's order (the
// file's key order, as Object.entries gives them).
func (c config) authProfileIDs() []string {
	return c.keys("auth", "profiles")
}

type profileConfig struct {
	Provider string
	Mode     string
}

// normAgent is the gateway's normalizeAgentId (canonicalAgentID): the
// agent that `--agent "Work Bot"` or an agents.entries key names.
func normAgent(id string) string { return canonicalAgentID(id) }

// dirAgent is the agent an unlisted agent dir stands for: its name, lower
// case. It is not made canonical: a fix names the agent, and a cleaned name
// would be another agent's, with another dir.
func dirAgent(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

var envVarName = lazyregexp.New(`^[A-Za-z_][A-Za-z0-9_]*$`)

// envVars are the variables the config sets for the gateway's environment
// (collectConfigEnvVarsByTarget): env.vars.KEY, then env.KEY (which wins);
// non-string and blank values are skipped.
func (c config) envVars() map[string]string {
	env, _ := c.get("env").(map[string]any)
	out := map[string]string{}
	vars, _ := env["vars"].(map[string]any)
	for k, v := range vars {
		if s, ok := v.(string); ok && strings.TrimSpace(s) != "" && envVarName.MatchString(k) {
			out[k] = s
		}
	}
	for k, v := range env {
		if k == "vars" || k == "shellEnv" {
			continue
		}
		if s, ok := v.(string); ok && strings.TrimSpace(s) != "" && envVarName.MatchString(k) {
			out[k] = s
		}
	}
	return out
}

// configKey is a models.providers.<p>.apiKey setting
// (resolveProviderEntryApiKeyProfileReference, resolveProviderConfigSecretInput).
type configKey struct {
	// Kind is "literal" (the key itself), "marker" (the name of a known
	// credential variable), "ref" (a SecretRef, or "${VAR}" / "$VAR"), or
	// "" for none or a form not judged here (a profile id).
	Kind string
	// Var is the variable a marker or an env ref names.
	Var string
	// Ref is the SecretRef of Kind "ref".
	Ref *secretRef
	// APIKeyAuth is models.providers.<p>.auth == "api-key": a literal key
	// then wins over stored profiles.
	APIKeyAuth bool
	// Setting names the setting, e.g. models.providers.anthropic.apiKey.
	Setting string
}

// providerEntry is resolveMergedModelProviderEntry
// (dist/model-provider-config-*.mjs): of the models.providers keys in file
// order, the first whose trimmed text is the provider, else the first that
// normalizes to it; every entry under that same trimmed key is laid over the
// earlier ones ("models" from the last that has it). Go maps have no order,
// so the file's order decides, never chance.
func (c config) providerEntry(provider string) (name string, entry map[string]any) {
	providers, _ := c.get("models", "providers").(map[string]any)
	keys := c.keys("models", "providers")
	for _, k := range keys {
		if strings.TrimSpace(k) == provider {
			name = strings.TrimSpace(k)
			break
		}
	}
	if name == "" {
		for _, k := range keys {
			if normProvider(k) == normProvider(provider) {
				name = strings.TrimSpace(k)
				break
			}
		}
	}
	if name == "" {
		return "", nil
	}
	for _, k := range keys {
		e, ok := providers[k].(map[string]any)
		if !ok || strings.TrimSpace(k) != name {
			continue
		}
		if entry == nil {
			entry = map[string]any{}
		}
		models, had := entry["models"]
		for key, v := range e {
			entry[key] = v
		}
		if _, has := e["models"]; !has && had {
			entry["models"] = models
		}
	}
	return name, entry
}

// providerKey reads models.providers.<provider>.apiKey (providerEntry).
func (c config) providerKey(provider string, isProfile func(string) bool) configKey {
	name, entry := c.providerEntry(provider)
	if entry == nil {
		return configKey{}
	}
	auth, _ := entry["auth"].(string)
	k := configKey{Setting: "models.providers." + name + ".apiKey", APIKeyAuth: auth == "api-key"}
	// resolveConfigSecretRef: a SecretRef object, or a whole "${VAR}" or
	// "$VAR" string (coerceSecretRef), is a ref of any source.
	if r, ok := refFromAny(entry["apiKey"]); ok {
		r = c.withDefaults(r)
		k.Kind, k.Ref = "ref", &r
		if r.Source == "env" {
			k.Var = r.ID
		}
		return k
	}
	if v, ok := entry["apiKey"].(string); ok {
		s := strings.TrimSpace(v)
		switch {
		case s == "":
		case envkey.IsKnownVar(s):
			k.Kind, k.Var = "marker", s
		case isProfile(s), strings.Contains(s, "${"):
		default:
			k.Kind = "literal"
		}
	}
	return k
}

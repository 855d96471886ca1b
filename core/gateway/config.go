package gateway

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/fsys"
	"github.com/titanous/json5"
)

// maxIncludeDepth is the gateway's limit on nested $include files.
const maxIncludeDepth = 10

// config is openclaw.json after $include and ${VAR} substitution, reduced to
// what selection needs.
type config struct {
	Path    string
	Present bool
	raw     map[string]any
	// profileOrder is the file order of the auth.profiles keys;
	// providerOrder that of the models.providers keys.
	profileOrder, providerOrder []string
}

// loadConfig reads the gateway config. A missing file is not an error (the
// gateway runs on defaults); anything it cannot resolve is, since guessing
// would judge the wrong credentials.
func loadConfig(f fsys.FS, path string, getenv func(string) string) (config, error) {
	c := config{Path: path}
	v, err := loadJSON5(f, path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	c.Present = true
	if err != nil {
		return c, err
	}
	roots := []string{filepath.Dir(path)}
	for _, r := range filepath.SplitList(getenv("OPENCLAW_INCLUDE_ROOTS")) {
		if filepath.IsAbs(r) {
			roots = append(roots, filepath.Clean(r))
		}
	}
	v, err = resolveIncludes(f, v, path, roots, 0, map[string]bool{path: true})
	if err != nil {
		return c, err
	}
	v = substitute(v, getenv)
	m, ok := v.(map[string]any)
	if !ok {
		return c, fmt.Errorf("%s is not a JSON object", path)
	}
	c.raw = m
	c.profileOrder = keyOrder(f, path, []string{"auth", "profiles"})
	c.providerOrder = keyOrder(f, path, []string{"models", "providers"})
	return c, nil
}

func loadJSON5(f fsys.FS, path string) (any, error) {
	data, err := f.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %s", path, fsys.Reason(err))
	}
	var v any
	if err := json5.Unmarshal(data, &v); err != nil {
		var se *json5.SyntaxError
		if errors.As(err, &se) {
			line := 1 + strings.Count(string(data[:min(int(se.Offset), len(data))]), "\n")
			return nil, fmt.Errorf("%s is malformed at line %d", path, line)
		}
		return nil, fmt.Errorf("%s is malformed", path)
	}
	return v, nil
}

// resolveIncludes replaces every {"$include": …} object as the gateway does:
// one file replaces the object, an array of files is deep-merged in order,
// sibling keys are merged over the result; paths are relative to the
// including file and must stay under the config dir (or
// OPENCLAW_INCLUDE_ROOTS).
func resolveIncludes(f fsys.FS, v any, file string, roots []string, depth int, open map[string]bool) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		inc, has := t["$include"]
		out := map[string]any{}
		for k, val := range t {
			if k == "$include" {
				continue
			}
			r, err := resolveIncludes(f, val, file, roots, depth, open)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		if !has {
			return out, nil
		}
		if depth+1 > maxIncludeDepth {
			return nil, fmt.Errorf("$include in %s nests deeper than %d files", file, maxIncludeDepth)
		}
		var paths []string
		switch p := inc.(type) {
		case string:
			paths = []string{p}
		case []any:
			for _, e := range p {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("$include in %s lists a value that is not a path", file)
				}
				paths = append(paths, s)
			}
		default:
			return nil, fmt.Errorf("$include in %s is not a path or a list of paths", file)
		}
		var base any
		for i, p := range paths {
			full := p
			if !filepath.IsAbs(full) {
				full = filepath.Join(filepath.Dir(file), p)
			}
			full = filepath.Clean(full)
			if !under(full, roots) {
				return nil, fmt.Errorf("$include %s in %s is outside the config directory", p, file)
			}
			if open[full] {
				return nil, fmt.Errorf("$include %s in %s includes itself", p, file)
			}
			iv, err := loadJSON5(f, full)
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("$include %s in %s: file not found", p, file)
			}
			if err != nil {
				return nil, err
			}
			open[full] = true
			iv, err = resolveIncludes(f, iv, full, roots, depth+1, open)
			delete(open, full)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				base = iv
			} else {
				base = deepMerge(base, iv)
			}
		}
		if len(out) == 0 {
			return base, nil
		}
		if _, ok := base.(map[string]any); !ok {
			return nil, fmt.Errorf("$include in %s has sibling keys but includes a value that is not an object", file)
		}
		return deepMerge(base, out), nil
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			r, err := resolveIncludes(f, e, file, roots, depth, open)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

func under(p string, roots []string) bool {
	for _, r := range roots {
		if p == r || strings.HasPrefix(p, strings.TrimSuffix(r, "/")+"/") {
			return true
		}
	}
	return false
}

// deepMerge lays b over a: objects merge key by key, anything else replaces.
func deepMerge(a, b any) any {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		return b
	}
	out := make(map[string]any, len(am)+len(bm))
	for k, v := range am {
		out[k] = v
	}
	for k, v := range bm {
		if old, ok := out[k]; ok {
			out[k] = deepMerge(old, v)
		} else {
			out[k] = v
		}
	}
	return out
}

var envRef = regexp.MustCompile(`\$?\$\{([A-Z_][A-Z0-9_]*)\}`)

// substitute replaces ${VAR} in every string. `$${VAR}` is a literal
// `${VAR}`; an unset variable stays visible, as the gateway leaves it.
func substitute(v any, getenv func(string) string) any {
	switch t := v.(type) {
	case string:
		if !strings.Contains(t, "${") {
			return t
		}
		return envRef.ReplaceAllStringFunc(t, func(m string) string {
			if strings.HasPrefix(m, "$$") {
				return m[1:]
			}
			name := m[2 : len(m)-1]
			if val := getenv(name); val != "" {
				return val
			}
			return m
		})
	case map[string]any:
		for k, e := range t {
			t[k] = substitute(e, getenv)
		}
	case []any:
		for i, e := range t {
			t[i] = substitute(e, getenv)
		}
	}
	return v
}

// get walks a path of object keys.
func (c config) get(path ...string) any {
	var v any = c.raw
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func (c config) str(path ...string) string {
	s, _ := c.get(path...).(string)
	return strings.TrimSpace(s)
}

// rosterEntry is one configured agent: its normalized id and its entry.
type rosterEntry struct {
	ID    string
	Entry map[string]any
}

// roster is the configured agents (readAgentRosterProperty): the
// agents.entries object, or, when it is absent, the older agents.list array
// of {id, …} objects.
func (c config) roster() []rosterEntry {
	agents, _ := c.get("agents").(map[string]any)
	var out []rosterEntry
	if v, ok := agents["entries"]; ok && v != nil {
		m, _ := v.(map[string]any)
		for id, e := range m {
			if em, ok := e.(map[string]any); ok {
				out = append(out, rosterEntry{ID: normAgent(id), Entry: em})
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out
	}
	l, _ := agents["list"].([]any)
	for _, e := range l {
		em, ok := e.(map[string]any)
		if !ok {
			continue
		}
		id, _ := em["id"].(string)
		out = append(out, rosterEntry{ID: normAgent(id), Entry: em})
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
	for _, e := range c.roster() {
		if e.ID == id {
			return e.Entry
		}
	}
	return nil
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
	for p, v := range m {
		l, _ := v.([]any)
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
	m, _ := c.get("auth", "profiles").(map[string]any)
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	return inOrder(ids, c.profileOrder)
}

type profileConfig struct {
	Provider string
	Mode     string
}

func normAgent(id string) string { return strings.ToLower(strings.TrimSpace(id)) }

var envVarName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

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
	keys := make([]string, 0, len(providers))
	for k := range providers {
		keys = append(keys, k)
	}
	keys = inOrder(keys, c.providerOrder)
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

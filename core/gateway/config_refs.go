package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/secrets"
)

// `models status` resolves every SecretRef of models.providers before it
// judges anything (loadModelsConfig → resolveCommandConfigWithSecrets with
// getModelsCommandSecretTargetIds, dist/command-secret-targets-*.mjs;
// local resolution when no gateway answers, dist/command-secret-gateway-*.mjs
// in its default enforce_resolved mode): one that does not resolve fails
// the whole command (exit 1), whichever provider it belongs to. The exec
// resolver really runs.

// refTarget is one SecretRef-bearing config setting.
type refTarget struct {
	Path string
	Ref  secretRef
}

// refTargets lists the SecretRefs of every models.providers entry that is
// not disabled (collectModelProviderAssignments,
// dist/runtime-config-collectors-*.mjs): apiKey, headers.*, and request's
// headers.*, auth.token/value, tls and proxy.tls ca/cert/key/passphrase.
func (c config) refTargets() []refTarget {
	providers, _ := c.get("models", "providers").(map[string]any)
	var out []refTarget
	add := func(path string, v any) {
		if r, ok := refFromAny(v); ok {
			out = append(out, refTarget{Path: path, Ref: c.withDefaults(r)})
		}
	}
	tls := []string{"ca", "cert", "key", "passphrase"}
	for _, k := range c.keys("models", "providers") {
		p, _ := providers[k].(map[string]any)
		if p == nil || p["enabled"] == false {
			continue
		}
		base := "models.providers." + strings.TrimSpace(k)
		add(base+".apiKey", p["apiKey"])
		for _, h := range sortedKeys(p["headers"]) {
			add(base+".headers."+h, p["headers"].(map[string]any)[h])
		}
		req, _ := p["request"].(map[string]any)
		for _, h := range sortedKeys(req["headers"]) {
			add(base+".request.headers."+h, req["headers"].(map[string]any)[h])
		}
		auth, _ := req["auth"].(map[string]any)
		for _, f := range []string{"token", "value"} {
			add(base+".request.auth."+f, auth[f])
		}
		proxy, _ := req["proxy"].(map[string]any)
		for group, m := range map[string]any{"request.tls": req["tls"], "request.proxy.tls": proxy["tls"]} {
			t, _ := m.(map[string]any)
			for _, f := range tls {
				add(base+"."+group+"."+f, t[f])
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func sortedKeys(v any) []string {
	m, _ := v.(map[string]any)
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// refOutcome is how one config SecretRef resolved: ok, or why not (a
// sentence with no secret in it).
type refOutcome struct {
	OK  bool
	Why string
}

// RefCache keeps exec providers' outcomes for a live view, so that a
// resolver (a password manager that may prompt) runs again only when the
// config changes. It holds outcomes, never values. The zero value is ready;
// nil caches nothing (every scan runs them, as `status` does once).
type RefCache struct {
	mu   sync.Mutex
	key  string
	runs map[string]secrets.Results
}

// get returns the cached run for key k under the config digest, dropping
// everything cached for another config.
func (rc *RefCache) get(digest, k string) (secrets.Results, bool) {
	if rc == nil {
		return secrets.Results{}, false
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.key != digest {
		rc.key, rc.runs = digest, map[string]secrets.Results{}
	}
	r, ok := rc.runs[k]
	return r, ok
}

func (rc *RefCache) put(digest, k string, r secrets.Results) {
	if rc == nil {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.key == digest {
		// Values are not kept: the outcome is all a later scan needs.
		kept := secrets.Results{Values: map[string]string{}, Failed: r.Failed, Err: r.Err}
		for id := range r.Values {
			kept.Values[id] = ""
		}
		rc.runs[k] = kept
	}
}

// resolveConfigRefs resolves the live install's config SecretRefs, grouped
// by provider as the gateway groups them, adds every value to the scan's
// secret set and keeps only whether each resolved. Each failure becomes a
// judged row: the gateway's status fails on it.
func (ins *install) resolveConfigRefs(ctx context.Context, in Input, env envkey.Result) {
	targets := ins.cfg.refTargets()
	ins.refs = map[string]refOutcome{}
	if len(targets) == 0 {
		return
	}
	groups := map[string][]refTarget{}
	var names []string
	for _, t := range targets {
		g := t.Ref.Source + ":" + t.Ref.Provider
		if groups[g] == nil {
			names = append(names, g)
		}
		groups[g] = append(groups[g], t)
	}
	sort.Strings(names)
	for _, g := range names {
		res := ins.resolveGroup(ctx, in, env, groups[g])
		for _, t := range groups[g] {
			o := refOutcome{OK: true}
			if v, ok := res.Values[t.Ref.ID]; ok && res.Err == "" {
				in.Secrets.Add(v)
			} else {
				o = refOutcome{Why: first(res.Err, res.Failed[t.Ref.ID], "the provider did not return it")}
			}
			ins.refs[t.Path] = o
			if !o.OK {
				ins.refErrorRow(t, o.Why)
			}
		}
	}
}

// resolveGroup resolves the refs of one source and provider
// (resolveConfiguredProvider, then resolveProviderRefs).
func (ins *install) resolveGroup(ctx context.Context, in Input, env envkey.Result, ts []refTarget) secrets.Results {
	r := ts[0].Ref
	ids := make([]string, 0, len(ts))
	for _, t := range ts {
		ids = append(ids, t.Ref.ID)
	}
	fail := func(why string) secrets.Results { return secrets.Results{Err: why} }
	for _, t := range ts {
		if !t.Ref.valid() {
			return fail(fmt.Sprintf("%s is not a valid SecretRef", t.Ref))
		}
	}
	p := ins.cfg.secretProvider(r.Provider)
	src, _ := p["source"].(string)
	switch {
	case ins.cfg.builtIn(r) && r.Source == "env":
		p, src = map[string]any{"source": "env"}, "env"
	case ins.cfg.builtIn(r):
		p, src = map[string]any{"source": "store"}, "store"
	case p == nil:
		return fail(fmt.Sprintf("secret provider %q is not configured", r.Provider))
	case src != r.Source:
		return fail(fmt.Sprintf("secret provider %q has source %q but the ref asks for %q", r.Provider, src, r.Source))
	}
	switch src {
	case "env":
		return envRefs(p, ids, env.Getenv)
	case "file":
		if in.SecretOS == nil {
			return fail("authtray cannot check files here")
		}
		return secrets.File(in.SecretOS, in.FS.ReadFile, in.Home, p, ids)
	case "exec":
		if _, ok := p["pluginIntegration"]; ok {
			return fail("it is a plugin's exec provider, which authtray does not resolve, so it can't be confirmed")
		}
		return ins.execRefs(ctx, in, env, r.Provider, p, ids)
	}
	return fail("it is in the gateway's secret store, which authtray does not read, so it can't be confirmed")
}

// envRefs is resolveEnvRefs: the provider's allowlist, then a non-empty
// variable.
func envRefs(p map[string]any, ids []string, getenv func(string) string) secrets.Results {
	r := secrets.Results{Values: map[string]string{}, Failed: map[string]string{}}
	list, limited := p["allowlist"].([]any)
	for _, id := range ids {
		allowed := !limited
		for _, e := range list {
			allowed = allowed || e == id
		}
		switch v := getenv(id); {
		case !allowed:
			r.Failed[id] = id + " is not in the provider's allowlist"
		case strings.TrimSpace(v) == "":
			r.Failed[id] = id + " is missing or empty"
		default:
			r.Values[id] = v
		}
	}
	return r
}

// execRefs runs an exec provider, or takes its outcome from the cache when
// the config has not changed since it ran.
func (ins *install) execRefs(ctx context.Context, in Input, env envkey.Result, name string, p map[string]any, ids []string) secrets.Results {
	if in.SecretOS == nil {
		return secrets.Results{Err: "authtray cannot run exec providers here"}
	}
	digest := ins.cfg.digest()
	key := execKey(name, p, ids, env.Getenv)
	if r, ok := in.RefCache.get(digest, key); ok {
		return r
	}
	r := secrets.Exec(ctx, in.SecretOS, env.Getenv, in.Home, name, p, ids)
	in.RefCache.put(digest, key, r)
	return r
}

// execKey identifies one exec run: the provider, its settings, the ids, and
// a hash of the variables passed to it (never the values themselves).
func execKey(name string, p map[string]any, ids []string, getenv func(string) string) string {
	h := sha256.New()
	b, _ := json.Marshal(p)
	fmt.Fprintf(h, "%s\x00%s\x00%s", name, b, strings.Join(ids, "\x00"))
	passEnv, _ := p["passEnv"].([]any)
	for _, k := range passEnv {
		if s, ok := k.(string); ok {
			fmt.Fprintf(h, "\x00%s=%s", s, getenv(s))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digest identifies the resolved config's content.
func (c config) digest() string {
	b, _ := json.Marshal(c.get())
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// refErrorRow is the judged row of a config SecretRef that did not resolve.
func (ins *install) refErrorRow(t refTarget, why string) {
	row := profile.Profile{
		ID: t.Path, Source: profile.Env, Location: ins.dir.Config, State: profile.Error,
		Message: fmt.Sprintf("%s is a SecretRef (%s) that does not resolve: %s; the gateway's status fails until every SecretRef in models.providers resolves", t.Path, t.Ref, why),
		Fix:     profile.ShellCommand(ins.fix.env, []string{ins.cli, "secrets", "audit"}),
		Judged:  true,
	}
	if strings.HasSuffix(t.Path, ".apiKey") {
		row.Kind = profile.APIKey
		row.Provider = normProvider(strings.TrimSuffix(strings.TrimPrefix(t.Path, "models.providers."), ".apiKey"))
	}
	ins.rows = append(ins.rows, row)
}

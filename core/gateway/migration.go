package gateway

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/jsonkind"
	"github.com/authtray/authtray/core/redact"
)

// legacySource is one retired credential file the gateway looks for beside
// an auth store (resolveLegacyAuthProfileSourceCandidates, dist/sqlite-*.mjs):
// kind is the gateway's name for it.
type legacySource struct{ kind, path string }

// legacySources lists the retired credential files present in an agent dir:
// auth-profiles.json, auth.json ("legacy-auth") and, for the shared main dir
// only, the OAuth dir's oauth.json ("legacy-oauth"). auth-state.json is
// listed by the gateway too, but is no credential source (isCredentialSource)
// and never requires migration.
func legacySources(fs fsys.FS, dir, oauthFile string) []legacySource {
	cands := []legacySource{{"auth-profiles", filepath.Join(dir, legacyJSON)}, {"legacy-auth", filepath.Join(dir, "auth.json")}}
	if oauthFile != "" {
		cands = append(cands, legacySource{"legacy-oauth", oauthFile})
	}
	var out []legacySource
	for _, c := range cands {
		// A file that cannot be looked at is in a dir whose store cannot be
		// read either: markMigration skips that agent.
		if ok, _ := fsys.Lookup(fs, c.path); ok {
			out = append(out, c)
		}
	}
	return out
}

var providerIDPattern = mustBounded(`(?i)^[a-z0-9][a-z0-9._-]*$`, 128)

// legacyProviders is readLegacyAuthProfileProviders
// (dist/legacy-source-diagnostic-*.mjs): the providers a set of legacy files
// holds credentials for, sorted, or nil when the gateway cannot scope them
// ("all (legacy provider scope unavailable)"): any source other than an
// auth-profiles.json, a file that does not parse, an empty or non-object
// profiles map, an entry it cannot read, or an odd provider id.
func legacyProviders(fs fsys.FS, sources []legacySource, secrets *redact.Set) []string {
	set := map[string]bool{}
	for _, s := range sources {
		if s.kind != "auth-profiles" {
			return nil
		}
		data, err := fs.ReadFile(s.path)
		if err != nil {
			return nil
		}
		var top map[string]json.RawMessage
		if json.Unmarshal(data, &top) != nil || top == nil {
			return nil
		}
		raw, nested := top["profiles"]
		var profiles map[string]json.RawMessage
		if nested {
			if json.Unmarshal(raw, &profiles) != nil {
				return nil
			}
		} else {
			profiles = top
		}
		if len(profiles) == 0 {
			return nil
		}
		for key, p := range profiles {
			var c *credential
			if nested {
				c, _ = parseCredential(key, p, secrets)
			} else {
				c = flatCredential(key, p, secrets)
			}
			if c == nil || !providerIDPattern.MatchString(c.Provider) {
				return nil
			}
			set[strings.ToLower(c.Provider)] = true
			if strings.EqualFold(c.Provider, "openai-codex") {
				set["openai"] = true
			}
		}
	}
	if len(set) == 0 {
		return nil
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// flatCredential is coerceLegacyFlatCredential: an entry of a flat legacy
// file ({"<provider>": {...}}), its type inferred from its fields when not
// given, its provider the key when not given, kept only when it holds a
// usable secret.
func flatCredential(key string, raw json.RawMessage, secrets *redact.Set) *credential {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return nil
	}
	str := func(k string) string {
		var s string
		if v, ok := m[k]; ok && json.Unmarshal(v, &s) == nil {
			return strings.TrimSpace(s)
		}
		return ""
	}
	typ := str("type")
	if typ == "" {
		typ = str("mode")
	}
	switch {
	case typ == "api_key" || typ == "token" || typ == "oauth":
	case str("key") != "" || str("apiKey") != "" || isSecretRef(m["keyRef"]):
		typ = "api_key"
	case str("token") != "" || isSecretRef(m["tokenRef"]):
		typ = "token"
	case str("access") != "" && str("refresh") != "" && jsonkind.Of(m["expires"]) == "a number":
		typ = "oauth"
	default:
		return nil
	}
	m["type"], _ = json.Marshal(typ)
	if str("provider") == "" {
		m["provider"], _ = json.Marshal(key)
	}
	b, _ := json.Marshal(m)
	c, ok := parseCredential(key, b, secrets)
	if !ok {
		return nil
	}
	// hasUsableAuthProfileCredential
	switch c.Type {
	case "api_key":
		ok = c.HasKey
	case "token":
		ok = c.HasToken
	default:
		_, hasExp := m["expires"]
		ok = c.HasAccess && c.HasRefresh && hasExp && c.ExpiresType == ""
	}
	if !ok {
		return nil
	}
	return c
}

// isSecretRef is coerceSecretRef: an object {source, id}.
func isSecretRef(v json.RawMessage) bool {
	var ref struct {
		Source string `json:"source"`
		ID     string `json:"id"`
	}
	return len(v) > 0 && json.Unmarshal(v, &ref) == nil && ref.Source != "" && strings.TrimSpace(ref.ID) != ""
}

// markMigration adds, for every agent the gateway would refuse, one row
// "requires legacy credential migration", as assertAuthProfileMigrationReady
// (dist/legacy-source-diagnostic-*.mjs) decides it for `models status`:
//   - the agent's own dir holds a retired credential file and its own
//     openclaw-agent.sqlite holds no profile (hasMigratedAuthProfileCredentials:
//     a populated store makes the file leftover bytes the runtime ignores).
//     For the main agent that is its agent DB even when the shared store lives
//     in the state DB: doctor --fix imports there, so a stale copy put back
//     beside the state DB still blocks main;
//   - for any other agent, also the shared main dir's files when the shared
//     store (state DB row or main agent DB) holds no profile.
//
// `models status` passes no provider, so the refusal is the agent's whole
// verdict, whatever providers its models use; the affected providers only
// appear in the sentence. Where neither a state DB nor the agent's own DB
// exists (an older gateway), the JSON is the live store and was read as
// such.
func (ins *install) markMigration(in Input, hasStateDB bool, sharedHasProfiles bool) {
	sharedDir := filepath.Clean(ins.sharedDir(in))
	oauthFile := filepath.Join(ins.dir.Path, "credentials", "oauth.json")
	if d := strings.TrimSpace(in.Getenv("OPENCLAW_OAUTH_DIR")); d != "" && ins.dir.Picked {
		oauthFile = filepath.Join(expand(d, gatewayHome(in)), "oauth.json")
	}
	ok, err := fsys.Lookup(in.FS, filepath.Join(sharedDir, agentDBName))
	sharedCurrent := hasStateDB || ok || err != nil
	for _, a := range ins.agents {
		if ins.unreadableView(a) != "" {
			// Whether the unread store holds profiles is unknown, and
			// doctor --fix is no repair for it: its error row says what is.
			continue
		}
		dir := filepath.Clean(a.Dir)
		var srcs []legacySource
		if (hasStateDB || a.hasDB) && !a.dbProfiles {
			of := ""
			if dir == sharedDir {
				of = oauthFile
			}
			srcs = append(srcs, legacySources(in.FS, dir, of)...)
		}
		if dir != sharedDir && sharedCurrent && !sharedHasProfiles {
			srcs = append(srcs, legacySources(in.FS, sharedDir, oauthFile)...)
		}
		if len(srcs) == 0 {
			continue
		}
		scope := "all (legacy provider scope unavailable)"
		if ps := legacyProviders(in.FS, srcs, ins.secrets); ps != nil {
			scope = strings.Join(ps, ", ")
		} else if why := legacyUnreadable(in.FS, srcs); why != "" {
			scope += "; " + why
		}
		files := make([]string, len(srcs))
		for i, s := range srcs {
			files[i] = s.path
		}
		ins.doctorRow("migration", srcs[0].path, a.ID,
			"Auth profile store of agent "+a.ID+" requires legacy credential migration ("+strings.Join(files, ", ")+"; affected providers: "+scope+"); the gateway refuses this agent until it is migrated: run `"+migrationFix+"`")
		// Only the agents the gateway judges count: --agent judges one.
		ins.rows[len(ins.rows)-1].Judged = a.InConfig && (in.Agent == "" || normAgent(in.Agent) == a.ID)
		a.refused = true
	}
}

// legacyUnreadable says which legacy file of srcs does not parse, and why
// (jsonReason: where, never what), "" when all do.
func legacyUnreadable(f fsys.FS, srcs []legacySource) string {
	for _, s := range srcs {
		data, err := f.ReadFile(s.path)
		if err != nil {
			continue
		}
		var v any
		if jerr := json.Unmarshal(data, &v); jerr != nil {
			return filepath.Base(s.path) + " is unreadable (" + jsonReason(data, jerr) + ")"
		}
	}
	return ""
}

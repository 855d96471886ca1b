package gateway

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/authtray/authtray/internal/lazyregexp"
)

// secretRef is a SecretRef: {source, provider, id} (dist/ref-contract-*.mjs).
// Provider "" is a ref written without one, whose provider is the config's
// secrets.defaults.<source>, else "default" (coerceSecretRef).
type secretRef struct {
	Source, Provider, ID string
}

// String names the ref for a sentence: "exec:vault:anth". A ref names where
// a secret is; it is never the secret.
func (r secretRef) String() string { return r.Source + ":" + r.Provider + ":" + r.ID }

var (
	envTemplateRef  = mustBounded(`^\$\{([A-Z][A-Z0-9_]*)\}$`, 3+128)
	envShorthandRef = mustBounded(`^\$([A-Z][A-Z0-9_]*)$`, 1+128)
)

// parseRef is coerceSecretRef (dist/types.secrets-*.mjs): an object with
// exactly source, provider and id; one with source and id only (an older
// ref, provider from the defaults); or a "${NAME}" / "$NAME" string, an env
// ref. ok is false for anything else.
func parseSecretRef(raw json.RawMessage) (secretRef, bool) {
	// Most fields asked about are absent or plain strings: only a string
	// or an object can be a ref (null, numbers and the rest are not).
	t := trimSpace(raw)
	if len(t) == 0 || t[0] != '"' && t[0] != '{' {
		return secretRef{}, false
	}
	if t[0] == '"' && len(t) >= 2 {
		// A string (most are secrets) is a ref only as "${NAME}" or
		// "$NAME" once trimmed: one whose first byte is neither '$', nor
		// space, an escape or a byte of a non-ASCII rune (which may be
		// space) is none, without decoding or matching it.
		if c := t[1]; c != '$' && c != ' ' && c != '\\' && c >= 0x20 && c < utf8.RuneSelf {
			return secretRef{}, false
		}
	}
	if s, ok := jsonString(t); ok {
		t := strings.TrimSpace(s)
		if m := envTemplateRef.FindStringSubmatch(t); m != nil {
			return secretRef{Source: "env", ID: m[1]}, true
		}
		if m := envShorthandRef.FindStringSubmatch(t); m != nil {
			return secretRef{Source: "env", ID: m[1]}, true
		}
		return secretRef{}, false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return secretRef{}, false
	}
	var r secretRef
	json.Unmarshal(obj["source"], &r.Source)
	json.Unmarshal(obj["id"], &r.ID)
	if r.Source != "env" && r.Source != "file" && r.Source != "exec" && r.Source != "store" || strings.TrimSpace(r.ID) == "" {
		return secretRef{}, false
	}
	if raw, has := obj["provider"]; has {
		// isSecretRef: exactly source, provider, id.
		if len(obj) != 3 || json.Unmarshal(raw, &r.Provider) != nil || strings.TrimSpace(r.Provider) == "" {
			return secretRef{}, false
		}
	}
	return r, true
}

// refFromAny reads a SecretRef from a decoded config value.
func refFromAny(v any) (secretRef, bool) {
	b, err := json.Marshal(v)
	if err != nil {
		return secretRef{}, false
	}
	return parseSecretRef(b)
}

var (
	secretProviderAlias = mustBounded(`^[a-z][a-z0-9_-]*$`, 64)
	envRefID            = mustBounded(`^[A-Z][A-Z0-9_]*$`, 128)
	execRefID           = mustBounded(`^[A-Za-z0-9][A-Za-z0-9._:/#-]*$`, 256)
	fileRefSegment      = lazyregexp.New(`^(?:[^~]|~0|~1)*$`)
)

// valid is isValidSecretRef: the provider alias and the id grammar of its
// source.
func (r secretRef) valid() bool {
	if !secretProviderAlias.MatchString(r.Provider) {
		return false
	}
	switch r.Source {
	case "env", "store":
		return envRefID.MatchString(r.ID)
	case "file":
		if r.ID == "value" {
			return true
		}
		if !strings.HasPrefix(r.ID, "/") {
			return false
		}
		for _, seg := range strings.Split(r.ID[1:], "/") {
			if !fileRefSegment.MatchString(seg) {
				return false
			}
		}
		return true
	}
	if !execRefID.MatchString(r.ID) {
		return false
	}
	for _, seg := range strings.Split(r.ID, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// withDefaults fills in a missing provider from secrets.defaults.<source>.
func (c config) withDefaults(r secretRef) secretRef {
	if r.Provider == "" {
		r.Provider = c.defaultAlias(r.Source)
	}
	return r
}

// defaultAlias is resolveDefaultSecretProviderAlias: secrets.defaults.<source>,
// else "default".
func (c config) defaultAlias(source string) string {
	if s := c.str("secrets", "defaults", source); s != "" {
		return s
	}
	return "default"
}

// secretProvider is secrets.providers.<alias> ("" source when not set).
func (c config) secretProvider(alias string) map[string]any {
	p, _ := c.get("secrets", "providers", alias).(map[string]any)
	return p
}

// builtIn is isBuiltInDefaultSecretProviderRef: an env or store ref to the
// source's default alias, which no provider of the same source configures,
// uses the built-in reader.
func (c config) builtIn(r secretRef) bool {
	src, _ := c.secretProvider(r.Provider)["source"].(string)
	return src != r.Source && (r.Source == "env" || r.Source == "store") && r.Provider == c.defaultAlias(r.Source)
}

// readiness is what the gateway's read-only status can say of a credential
// (toProviderModelAuthReadiness): ready, unknown (indeterminate), or
// unavailable.
type readiness int

const (
	ready readiness = iota
	unknownReady
	unavailable
)

// refReadiness is resolveSecretRefReadOnlyAvailability
// (dist/loader-runtime-load-*.mjs), the check `models status` applies to a
// stored profile's keyRef/tokenRef: an env ref is ready when its variable
// is set (and the env provider allows it), unknown when not; a file, exec
// or store ref is never resolved there, so it is unknown at best, and
// unavailable when no provider of its source is configured (or a
// singleValue file provider is asked for an id other than "value").
func (c config) refReadiness(r secretRef, getenv func(string) string) readiness {
	r = c.withDefaults(r)
	if !r.valid() {
		return unavailable
	}
	p := c.secretProvider(r.Provider)
	src, _ := p["source"].(string)
	if r.Source == "env" {
		if !c.envRefAllowed(r) {
			return unavailable
		}
		if strings.TrimSpace(getenv(r.ID)) != "" {
			return ready
		}
		return unknownReady
	}
	if src != r.Source && !c.builtIn(r) {
		return unavailable
	}
	if mode, _ := p["mode"].(string); r.Source == "file" && src == "file" && (mode == "singleValue") != (r.ID == "value") {
		return unavailable
	}
	return unknownReady
}

// envRefAllowed is canResolveEnvSecretRefInReadOnlyPath
// (dist/secret-ref-readonly.internal-*.mjs): an env provider's allowlist
// holds the variable, or the ref is to the built-in env provider.
func (c config) envRefAllowed(r secretRef) bool {
	p := c.secretProvider(r.Provider)
	if src, _ := p["source"].(string); src == "env" {
		list, has := p["allowlist"].([]any)
		if !has {
			return true
		}
		for _, e := range list {
			if s, _ := e.(string); s == r.ID {
				return true
			}
		}
		return false
	}
	return c.builtIn(r)
}

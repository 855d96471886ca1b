package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/authtray/authtray/core/envkey"
)

// fencePrefix marks an OAuth credential whose refresh is in flight or failed:
// the gateway replaced the real tokens with an inert marker.
const fencePrefix = "openclaw-oauth-refresh-fence:"

// credential is one stored profile, reduced to facts. It holds no secret:
// only whether each secret field is present.
type credential struct {
	ID                    string
	Type                  string // oauth, token, api_key
	Provider              string
	HasKey                bool // api_key: key or keyRef
	HasToken              bool // token: token or tokenRef
	HasAccess, HasRefresh bool
	HasOAuthRef           bool
	Fence                 bool // access or refresh is a refresh fence
	// Ref is the SecretRef an api_key or token profile takes its secret
	// from: keyRef/tokenRef, else a "${NAME}" written as the key or token
	// (resolveSecretInputRef). Form says what a literal key or token is
	// besides a secret: "var" (the name of a credential variable, FormVar),
	// "marker" (a placeholder that holds no secret), "malformed" (ref-like
	// syntax that is no ref), "" for a secret. None of it is a secret.
	Ref           *secretRef
	Form, FormVar string
	// Expires is the raw expiry as the gateway normalises it: absent (nil),
	// else a positive number or 0 for anything else.
	Expires *float64
	// ExpiresType names the JSON type of a non-numeric expires ("a
	// string"); "" when it is a number or absent.
	ExpiresType string
	Email       string

	// Where the credential was read, set by the reader.
	Location string
	Agent    string // "" for the shared store

	// home is the store whose rows include the credential's, seat its
	// place in that store's IDs: its row is the seat-th of the rows adopt
	// made for home (install.rowOf). Set by adopt, on a copy made for the
	// read; a kept part's credentials keep theirs.
	home *store
	seat int
}

// usage is one profile's runtime state in the state row's usageStats.
type usage struct {
	LastUsed       float64 `json:"lastUsed"`
	CooldownUntil  float64 `json:"cooldownUntil"`
	CooldownReason string  `json:"cooldownReason"`
	CooldownModel  string  `json:"cooldownModel"`
	BlockedUntil   float64 `json:"blockedUntil"`
	BlockedModel   string  `json:"blockedModel"`
	BlockedScope   string  `json:"blockedScope"`
	DisabledUntil  float64 `json:"disabledUntil"`
	DisabledReason string  `json:"disabledReason"`
}

// runtimeState is order, lastGood and usageStats: kept in the state row (or
// inline in older stores).
type runtimeState struct {
	Order    map[string][]string
	LastGood map[string]string
	Usage    map[string]usage
}

// store is a profile store with its runtime state. IDs keeps the order the
// profiles were written in, which the gateway's selection keeps for ties.
type store struct {
	IDs      []string
	Profiles map[string]*credential
	State    runtimeState
	Dropped  []string // ids dropped for an unknown type or no provider
}

func newStore() *store { return &store{Profiles: map[string]*credential{}} }

// adder takes the secret values a parse meets: a *redact.Set, or the
// cache's record of them.
type adder interface{ Add(string) }

// errUnreadable is a store row that is not JSON or has no profiles object.
type errUnreadable struct{ why string }

func (e errUnreadable) Error() string { return e.why }

// parseStore reads a store's JSON. A value that is not JSON or lacks a
// `profiles` object is unreadable, as the gateway says. Every secret value
// read is added to secrets (and kept nowhere else).
func parseStore(data []byte, secrets adder) (*store, error) {
	top, err := topObject(data)
	if err != nil {
		return nil, err
	}
	raw, ok := top["profiles"]
	if !ok || !isObject(raw) {
		return nil, errUnreadable{why: "it has no profiles object"}
	}
	keys, vals, _ := splitObject(raw)
	s := &store{IDs: make([]string, 0, len(keys)), Profiles: make(map[string]*credential, len(keys))}
	for i, id := range keys {
		c, ok := parseCredential(id, vals[i], secrets)
		if !ok {
			s.Dropped = append(s.Dropped, id)
			continue
		}
		if _, dup := s.Profiles[id]; !dup {
			s.IDs = append(s.IDs, id)
		}
		s.Profiles[id] = c
	}
	// Older stores kept the runtime state inline.
	s.State = stateOf(top)
	return s, nil
}

// topObject validates a row's JSON in one pass and splits its top object
// (null reads as an empty object, as json.Unmarshal into a map has it).
func topObject(data []byte) (map[string]json.RawMessage, error) {
	if !validJSON(data) {
		var top map[string]json.RawMessage
		return nil, errUnreadable{why: jsonReason(data, json.Unmarshal(data, &top))}
	}
	top, ok := objectMap(data)
	if !ok {
		return nil, errUnreadable{why: "it is JSON but not an object"}
	}
	return top, nil
}

// parseState reads a state row: {order, lastGood, usageStats}. Malformed
// members are ignored one by one, as the gateway coerces them.
func parseState(data []byte) (runtimeState, error) {
	top, err := topObject(data)
	if err != nil {
		return runtimeState{}, err
	}
	return stateOf(top), nil
}

// stateOf reads the runtime state members of a row's top object as the
// gateway's coerceAuthProfileState does: each of order, lastGood and
// usageStats is nil, the gateway's undefined, unless it is an object that
// keeps an entry.
func stateOf(top map[string]json.RawMessage) runtimeState {
	return runtimeState{Order: orderOf(top["order"]), LastGood: lastGoodOf(top["lastGood"]), Usage: usageOf(top["usageStats"])}
}

// orderOf is normalizeAuthProfileOrder: per provider (normProvider; a
// blank one is dropped) whose value is a list, its ids trimmed, with
// non-strings and blanks dropped; a provider left with no id has no
// order at all (the gateway's default order, not an empty one).
func orderOf(raw []byte) map[string][]string {
	es, _ := jsEntries(raw)
	var out map[string][]string
	for _, e := range es {
		p := normProvider(e.key)
		ids := trimmedStrings(e.val)
		if p == "" || len(ids) == 0 {
			continue
		}
		if out == nil {
			out = map[string][]string{}
		}
		out[p] = ids
	}
	return out
}

// lastGoodOf is normalizeLastGood: per provider (normProvider), a trimmed
// non-blank id; anything else is dropped.
func lastGoodOf(raw []byte) map[string]string {
	es, _ := jsEntries(raw)
	var out map[string]string
	for _, e := range es {
		p, id := normProvider(e.key), optionalString(e.val)
		if p == "" || id == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[p] = id
	}
	return out
}

// trimmedStrings is normalizeTrimmedStringList: the strings of the list v
// trimmed, blanks and other values dropped; nil when v is not a list.
func trimmedStrings(v []byte) []string {
	var elems []json.RawMessage
	if t := trimSpace(v); len(t) == 0 || t[0] != '[' || json.Unmarshal(t, &elems) != nil {
		return nil
	}
	var out []string
	for _, e := range elems {
		if s := optionalString(e); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// parseCredential normalises one entry the way the gateway's
// normalizeRawCredentialEntry does: `mode` stands for a missing `type`,
// `apiKey` for `api_key` and for a missing `key`; other types and entries
// without a provider are dropped. The secret values (key, token, access,
// refresh) are added to secrets, whether or not the entry is kept.
func parseCredential(id string, raw json.RawMessage, secrets adder) (*credential, bool) {
	f, ok := readCredFields(raw)
	if !ok {
		return nil, false
	}
	key, apiKey, token := text(f.key), text(f.apiKey), text(f.token)
	access, refresh := text(f.access), text(f.refresh)
	if secrets != nil {
		for _, v := range []string{key, apiKey, token, access, refresh} {
			secrets.Add(v)
		}
	}
	typ := text(f.typ)
	if f.typ == nil {
		typ = text(f.mode)
	}
	if typ == "apiKey" {
		typ = "api_key"
	}
	if typ != "api_key" && typ != "token" && typ != "oauth" {
		return nil, false
	}
	c := &credential{ID: id, Type: typ, Provider: normProvider(text(f.provider)), Email: text(f.email)}
	if c.Provider == "" {
		return nil, false
	}
	keyRef := isRef(f.keyRef)
	if f.key == nil && !keyRef {
		key = apiKey
	}
	c.HasKey = key != "" || keyRef
	c.HasToken = token != "" || isRef(f.tokenRef)
	switch typ {
	case "api_key":
		keyField := f.key
		if f.key == nil {
			keyField = f.apiKey
		}
		c.Ref, c.Form, c.FormVar = secretInput(f.keyRef, keyField, key)
	case "token":
		c.Ref, c.Form, c.FormVar = secretInput(f.tokenRef, f.token, token)
	}
	c.HasAccess, c.HasRefresh = access != "", refresh != ""
	c.HasOAuthRef = isRef(f.oauthRef)
	c.Fence = strings.HasPrefix(access, fencePrefix) || strings.HasPrefix(refresh, fencePrefix)
	if v := f.expires; v != nil {
		c.Expires, c.ExpiresType = expiresOf(v)
	}
	return c, true
}

// secretInput reads a profile's secret as resolveSecretInputReadOnlyAvailability
// meets it (dist/loader-runtime-load-*.mjs): the explicit ref, else a ref
// written inline, else what the literal value is (see credential.Form).
func secretInput(refField, valueField json.RawMessage, literal string) (*secretRef, string, string) {
	for _, f := range []json.RawMessage{refField, valueField} {
		if r, ok := parseSecretRef(f); ok {
			ref := r // only a ref found is allocated
			return &ref, "", ""
		}
	}
	switch {
	case literal == "":
		return nil, "", ""
	case strings.HasPrefix(literal, "secretref-env:") || strings.HasPrefix(literal, "__env__:") || strings.HasPrefix(literal, "$"):
		return nil, "malformed", "" // hasMalformedSecretInputSyntax
	case envkey.IsKnownVar(literal):
		return nil, "var", literal // isKnownEnvApiKeyMarker
	case strings.HasPrefix(literal, "oauth:") || literal == "secretref-managed":
		return nil, "marker", "" // isNonSecretApiKeyMarker
	}
	return nil, "", ""
}

// isRef reports whether v is a SecretRef (coerceSecretRef), as
// hasConfiguredSecretRef counts one for eligibility; it is never resolved
// here.
func isRef(v json.RawMessage) bool {
	_, ok := parseSecretRef(v)
	return len(v) > 0 && ok
}

// merge lays over on top of base the way mergeAuthProfileStores does: the
// override wins per profile id; order, lastGood and usageStats merge per key.
func merge(base, over *store) *store {
	n := len(base.IDs) + len(over.IDs)
	out := &store{IDs: make([]string, 0, n), Profiles: make(map[string]*credential, n)}
	for _, id := range base.IDs {
		out.IDs = append(out.IDs, id)
		out.Profiles[id] = base.Profiles[id]
	}
	for _, id := range over.IDs {
		if _, ok := out.Profiles[id]; !ok {
			out.IDs = append(out.IDs, id)
		}
		out.Profiles[id] = over.Profiles[id]
	}
	out.State = mergeState(base.State, over.State)
	return out
}

// mergeState lays over on top of base, per key of each record, as the
// gateway's mergeAuthProfileState does: for two stores, and for a state
// row over the state inline in its store (mergePersistedAuthProfileState).
func mergeState(base, over runtimeState) runtimeState {
	var out runtimeState
	if base.Order != nil || over.Order != nil {
		out.Order = make(map[string][]string, len(base.Order)+len(over.Order))
		maps.Copy(out.Order, base.Order)
		maps.Copy(out.Order, over.Order)
	}
	if base.LastGood != nil || over.LastGood != nil {
		out.LastGood = make(map[string]string, len(base.LastGood)+len(over.LastGood))
		maps.Copy(out.LastGood, base.LastGood)
		maps.Copy(out.LastGood, over.LastGood)
	}
	if base.Usage != nil || over.Usage != nil {
		out.Usage = make(map[string]usage, len(base.Usage)+len(over.Usage))
		maps.Copy(out.Usage, base.Usage)
		maps.Copy(out.Usage, over.Usage)
	}
	return out
}

// normProvider is the gateway's normalizeProviderId: trimmed and lower
// case, as JavaScript trims and lowers.
func normProvider(p string) string { return jsLower(jsTrim(p)) }

func isObject(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '{'
}

// jsonReason says where JSON is malformed without quoting it: the quoted
// bytes could be a secret.
func jsonReason(data []byte, err error) string {
	if len(bytes.TrimSpace(data)) == 0 {
		return "it is empty"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("malformed JSON at line %d", line)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "it is JSON but not an object"
	}
	return "malformed JSON"
}

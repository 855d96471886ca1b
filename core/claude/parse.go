package claude

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/authtray/authtray/core/jsonkind"
	"github.com/authtray/authtray/core/redact"
)

// badInput is a store that cannot be read as Claude Code's: its text is the
// row's sentence. It is built only from field names, types and line
// numbers, never from the content (encoding/json's own errors quote it).
type badInput string

func (e badInput) Error() string { return string(e) }

// document is the top level of .credentials.json or the keychain item.
type document struct {
	// OAuth is the raw claudeAiOauth value; nil when the key is absent.
	OAuth json.RawMessage
	// Overflow is the pointer to an encrypted second keychain item that
	// holds sections moved out of this one (macOS, Claude Code ≥ 2.1.323).
	Overflow *overflowRef
}

type overflowRef struct {
	Slot string
	Key  string
}

// login is what authtray knows about one Claude Code login. It holds no
// secret: only whether each token is present.
type login struct {
	// Present is false when there is no claudeAiOauth at all.
	Present     bool
	HasAccess   bool
	HasRefresh  bool
	ExpiresAt   *time.Time // access token
	LoginEndsAt *time.Time // refreshTokenExpiresAt: the end of the login
	Scopes      []string
	Plan        string // subscriptionType
	LoginEnded  string // set when Claude Code blanked a dead login
	AccountUUID string
}

// parseDocument reads the top-level object. Unknown keys are ignored. The
// secrets it reads (the overflow key, MCP servers' tokens) are added to
// secrets and kept nowhere else; parseLogin adds the login's.
func parseDocument(b []byte, secrets *redact.Set) (document, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return document{}, badInput("Empty file")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return document{}, syntaxProblem(b, err, "the file")
	}
	if top == nil {
		return document{}, badInput("The file holds null, not a JSON object")
	}
	var doc document
	addMCPSecrets(top["mcpOAuth"], secrets)
	if raw, ok := top["claudeAiOauth"]; ok && jsonkind.Of(raw) != "null" {
		doc.OAuth = raw
	}
	if raw, ok := top["keychainOverflow"]; ok && jsonkind.Of(raw) != "null" {
		ref, err := parseOverflowRef(raw)
		if err != nil {
			return document{}, err
		}
		secrets.Add(ref.Key)
		doc.Overflow = ref
	}
	return doc, nil
}

func parseOverflowRef(raw json.RawMessage) (*overflowRef, error) {
	var m map[string]json.RawMessage
	if t := jsonkind.Of(raw); t != "an object" {
		return nil, badInput("keychainOverflow is " + t + ", not an object")
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, badInput("keychainOverflow is not a valid object")
	}
	slot, err := stringField(m, "keychainOverflow", "slot")
	if err != nil {
		return nil, err
	}
	key, err := stringField(m, "keychainOverflow", "key")
	if err != nil {
		return nil, err
	}
	return &overflowRef{Slot: slot, Key: key}, nil
}

// parseLogin reads the claudeAiOauth object. Every field is type-checked so
// a wrong type names its field rather than failing as a whole. The tokens
// are added to secrets, and only there.
func parseLogin(raw json.RawMessage, secrets *redact.Set) (login, error) {
	if raw == nil {
		return login{}, nil
	}
	if t := jsonkind.Of(raw); t != "an object" {
		return login{}, badInput("claudeAiOauth is " + t + ", not an object")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return login{}, badInput("claudeAiOauth is not a valid object")
	}
	const obj = "claudeAiOauth"
	l := login{Present: true}
	access, err := stringField(m, obj, "accessToken")
	if err != nil {
		return login{}, err
	}
	refresh, err := stringField(m, obj, "refreshToken")
	if err != nil {
		return login{}, err
	}
	secrets.Add(access)
	secrets.Add(refresh)
	l.HasAccess, l.HasRefresh = access != "", refresh != ""
	if l.Plan, err = stringField(m, obj, "subscriptionType"); err != nil {
		return login{}, err
	}
	if l.LoginEnded, err = stringField(m, obj, "loginEnded"); err != nil {
		return login{}, err
	}
	if l.AccountUUID, err = stringField(m, obj, "accountUuid"); err != nil {
		return login{}, err
	}
	if l.Scopes, err = stringsField(m, obj, "scopes"); err != nil {
		return login{}, err
	}
	// A blanked login (tokens "", expiresAt 0) is "signed out", whatever its
	// times say; only a live one needs sane times.
	if !l.HasAccess || l.LoginEnded != "" {
		// Its recorded end, when sane, says when it ended.
		l.LoginEndsAt, _ = msField(m, obj, "refreshTokenExpiresAt")
		return l, nil
	}
	if l.ExpiresAt, err = msField(m, obj, "expiresAt"); err != nil {
		return login{}, err
	}
	if l.LoginEndsAt, err = msField(m, obj, "refreshTokenExpiresAt"); err != nil {
		return login{}, err
	}
	return l, nil
}

// Claude Code writes times as milliseconds since the epoch. A value below
// 1e11 would be before March 1973 in milliseconds but is a date up to the
// year 5138 in seconds: it is a writer that used seconds. Reading it either
// way would be a guess about a file Claude Code did not write, so it is an
// error that says what is wrong.
const (
	minMillis = 1e11
	maxMillis = 253402300799999 // 9999-12-31T23:59:59.999Z
)

// msField reads an optional time in milliseconds. Absent, null and 0 (Claude
// Code's "no expiry") are nil.
func msField(m map[string]json.RawMessage, obj, name string) (*time.Time, error) {
	raw, err := field(m, obj, name, "a number")
	if raw == nil || err != nil {
		return nil, err
	}
	v, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	if err != nil || math.IsInf(v, 0) {
		return nil, badInput(obj + "." + name + " is out of range")
	}
	switch {
	case v == 0:
		return nil, nil
	case v < 0:
		return nil, badInput(obj + "." + name + " is negative")
	case v < minMillis:
		return nil, badInput(obj + "." + name + " looks like seconds, not milliseconds")
	case v > maxMillis:
		return nil, badInput(obj + "." + name + " is out of range")
	}
	t := time.UnixMilli(int64(v)).UTC()
	return &t, nil
}

// stringField reads an optional string; absent and null are "".
func stringField(m map[string]json.RawMessage, obj, name string) (string, error) {
	raw, err := field(m, obj, name, "a string")
	if raw == nil || err != nil {
		return "", err
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", badInput(obj + "." + name + " is not a valid string")
	}
	return s, nil
}

// stringsField reads an optional array of strings.
func stringsField(m map[string]json.RawMessage, obj, name string) ([]string, error) {
	raw, err := field(m, obj, name, "an array")
	if raw == nil || err != nil {
		return nil, err
	}
	var xs []string
	if err := json.Unmarshal(raw, &xs); err != nil {
		return nil, badInput(obj + "." + name + " holds something other than strings")
	}
	return xs, nil
}

// field is member name of obj (m) when it holds a value of type want
// (as jsonType names it); nil when it is absent or null, and an error
// naming both types when it holds another.
func field(m map[string]json.RawMessage, obj, name, want string) (json.RawMessage, error) {
	raw, ok := m[name]
	if !ok {
		return nil, nil
	}
	switch t := jsonkind.Of(raw); t {
	case "null":
		return nil, nil
	case want:
		return raw, nil
	default:
		return nil, badInput(obj + "." + name + " is " + t + ", not " + want)
	}
}

// syntaxProblem turns a json error into a sentence with a line number and
// without the offending text.
func syntaxProblem(b []byte, err error, what string) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := lineAt(b, se.Offset)
		if se.Offset >= int64(len(b)) {
			return badInput("Malformed JSON at line " + strconv.Itoa(line) + ": " + what + " ends early")
		}
		return badInput("Malformed JSON at line " + strconv.Itoa(line))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return badInput(capitalize(what) + " holds " + article(te.Value) + ", not a JSON object")
	}
	return badInput("Malformed JSON")
}

// lineAt is the 1-based line of the byte just before offset (json reports
// the offset after the byte it choked on).
func lineAt(b []byte, offset int64) int {
	end := offset - 1
	if end < 0 {
		end = 0
	}
	if end > int64(len(b)) {
		end = int64(len(b))
	}
	return bytes.Count(b[:end], []byte{'\n'}) + 1
}

// article names a json type word from UnmarshalTypeError.Value ("array",
// "string", "number", "bool") with its article.
func article(v string) string {
	// For numbers and strings Value can carry the literal ("number 12"):
	// only its first word is used.
	v, _, _ = strings.Cut(v, " ")
	switch v {
	case "array":
		return "an array"
	case "object":
		return "an object"
	case "bool":
		return "a boolean"
	case "string", "number":
		return "a " + v
	}
	return "a non-object value"
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

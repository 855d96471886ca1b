package gateway

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The one-walk readers of an entry must give what a map of it, and the
// gateway's coerceProfileUsageStats (usageRef) of a usage record, give on
// every valid input.
func FuzzEntryFields(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `[1]`, `"x"`, `7`,
		`{"type":"token","provider":"a","token":"t","expires":1,"type":"oauth"}`,
		`{"t\u0079pe":"api_key","key":{"source":"env","id":"K"},"keyRef":null}`,
		`{"lastUsed":1,"cooldownUntil":2.5e3,"cooldownReason":"rate_limit","blockedScope":"model","x":[1]}`,
		`{"LastUsed":1}`, `{"lastUsed":"1"}`, `{"lastUsed":1e400}`, `{"lastUsed":null,"lastUsed":3}`,
		`{"cooldownModel":"a\"b"}`, `{"disabledReason":"caf\u00e9"}`, "{\"blockedModel\":\"\xff\"}",
		`{"\u212aey":1,"ſ":2}`, `{"disabledUntil":-0,"blockedUntil":true}`,
		`{"disabledUntil":5,"cooldownUntil":"soon","blockedScope":7,"CooldownUntil":9}`,
		`{"cooldownModel":" m ","blockedModel":"","cooldownReason":"Auth","disabledReason":"auth","blockedScope":" model"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		m, mok := objectMap(data)
		fields, fok := readCredFields(data)
		if mok != fok {
			t.Fatalf("readCredFields(%q) ok=%v, objectMap ok=%v", data, fok, mok)
		}
		for name, got := range map[string][]byte{
			"type": fields.typ, "mode": fields.mode, "provider": fields.provider, "email": fields.email,
			"key": fields.key, "apiKey": fields.apiKey, "token": fields.token, "access": fields.access, "refresh": fields.refresh,
			"keyRef": fields.keyRef, "tokenRef": fields.tokenRef, "oauthRef": fields.oauthRef, "expires": fields.expires,
		} {
			want, has := m[name]
			if (got != nil) != has || !bytes.Equal(got, want) {
				t.Fatalf("readCredFields(%q).%s = %q, want %q (present %v)", data, name, got, want, has)
			}
		}
		want, wantOK := usageRef(data)
		got, ok := parseUsage(data)
		if ok != wantOK || ok && got != want {
			t.Fatalf("parseUsage(%q) = %+v, %v; usageRef: %+v, %v", data, got, ok, want, wantOK)
		}
	})
}

// usageRef is coerceProfileUsageStats written plainly, over a map of the
// record: ok is false when it is not an object.
func usageRef(data []byte) (usage, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || m == nil {
		return usage{}, false
	}
	num := func(k string) float64 {
		n, ok := m[k].(json.Number)
		if !ok {
			return 0
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil || math.IsInf(f, 0) {
			return 0
		}
		return f
	}
	reason := func(k string) string {
		s, _ := m[k].(string)
		if failureReasons[s] {
			return s
		}
		return ""
	}
	model := func(k string) string {
		s, _ := m[k].(string)
		return strings.TrimFunc(s, func(r rune) bool { return r == '\uFEFF' || (r != 0x85 && unicode.IsSpace(r)) })
	}
	u := usage{
		LastUsed: num("lastUsed"), CooldownUntil: num("cooldownUntil"), BlockedUntil: num("blockedUntil"), DisabledUntil: num("disabledUntil"),
		CooldownReason: reason("cooldownReason"), DisabledReason: reason("disabledReason"),
		CooldownModel: model("cooldownModel"), BlockedModel: model("blockedModel"),
	}
	if s, _ := m["blockedScope"].(string); s == "model" {
		u.BlockedScope = s
	}
	// The gateway keeps a record only when its stats are not empty.
	kept := u != usage{}
	for _, k := range []string{"lastUsed", "cooldownUntil", "blockedUntil", "disabledUntil", "errorCount", "lastFailureAt", "lastProbeAt"} {
		if n, isNum := m[k].(json.Number); isNum {
			if _, err := strconv.ParseFloat(string(n), 64); err == nil {
				kept = true // asFiniteNumber: any finite number, 0 too
			}
		}
	}
	if s, _ := m["blockedReason"].(string); s == "subscription_limit" {
		kept = true
	}
	if s, _ := m["blockedSource"].(string); s == "codex_rate_limits" || s == "wham" {
		kept = true
	}
	if fc, ok := m["failureCounts"].(map[string]any); ok {
		for r, c := range fc {
			if n, ok := c.(json.Number); ok && failureReasons[r] {
				if f, err := strconv.ParseFloat(string(n), 64); err == nil && f > 0 {
					kept = true
				}
			}
		}
	}
	return u, kept
}

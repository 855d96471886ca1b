package gateway

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The one-walk readers of an entry must give what a map of it, and
// json.Unmarshal of a usage record, give on every valid input.
func FuzzEntryFields(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `[1]`, `"x"`, `7`,
		`{"type":"token","provider":"a","token":"t","expires":1,"type":"oauth"}`,
		`{"t\u0079pe":"api_key","key":{"source":"env","id":"K"},"keyRef":null}`,
		`{"lastUsed":1,"cooldownUntil":2.5e3,"cooldownReason":"rate_limit","blockedScope":"model","x":[1]}`,
		`{"LastUsed":1}`, `{"lastUsed":"1"}`, `{"lastUsed":1e400}`, `{"lastUsed":null,"lastUsed":3}`,
		`{"cooldownModel":"a\"b"}`, `{"disabledReason":"caf\u00e9"}`, "{\"blockedModel\":\"\xff\"}",
		`{"\u212aey":1,"ſ":2}`, `{"disabledUntil":-0,"blockedUntil":true}`,
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
		var want usage
		wantErr := json.Unmarshal(data, &want)
		got, ok := parseUsage(data)
		if ok != (wantErr == nil) || ok && got != want {
			t.Fatalf("parseUsage(%q) = %+v, %v; json.Unmarshal: %+v, %v", data, got, ok, want, wantErr)
		}
	})
}

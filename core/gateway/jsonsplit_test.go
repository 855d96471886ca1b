package gateway

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// The splitters must give what encoding/json gives on every valid input.
func FuzzSplitObject(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `[1,2]`, `"x"`, `12.5e3`, `true`,
		`{"a":1,"b":"x","a":[1,{"c":"}"}],"d":null}`,
		` { "k\u00e9" : "v\"\\" , "n" : -0.5e-3 , "o" : { } } `,
		"{\"bad\xff\":\"v\xfe\",\"t\":\"\\ud800\"}",
		`"a" "b"`, `"ab`, "\"tab\there\"", `"a"x`,
		`{"profiles":{"a:b":{"type":"token","provider":"a","token":" t "}},"usageStats":{"a:b":{"lastUsed":1}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// jsonString is also asked about bytes that may not be JSON.
		var s string
		sErr := json.Unmarshal(data, &s)
		gs, sok := jsonString(trimSpace(data))
		if sok && (sErr != nil || gs != s) || !sok && sErr == nil && !bytes.Equal(trimSpace(data), []byte("null")) {
			t.Fatalf("jsonString(%q) = %q, %v; json.Unmarshal: %q, %v", data, gs, sok, s, sErr)
		}
		if !json.Valid(data) {
			return
		}
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(data, &want)
		got, ok := objectMap(data)
		if ok != (wantErr == nil) {
			t.Fatalf("objectMap(%q) ok=%v, json.Unmarshal err=%v", data, ok, wantErr)
		}
		if ok && !sameRaw(got, want) {
			t.Fatalf("objectMap(%q) = %q, want %q", data, got, want)
		}
		if keys, _, ok := splitObject(data); ok {
			var dec []string
			d := json.NewDecoder(bytes.NewReader(data))
			d.Token()
			for d.More() {
				k, _ := d.Token()
				dec = append(dec, k.(string))
				var v json.RawMessage
				d.Decode(&v)
			}
			if !reflect.DeepEqual(keys, dec) && len(keys)+len(dec) > 0 {
				t.Fatalf("splitObject(%q) keys %q, want %q", data, keys, dec)
			}
		}
	})
}

func sameRaw(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

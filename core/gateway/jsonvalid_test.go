package gateway

import (
	"encoding/json"
	"strings"
	"testing"
)

// validJSON must say what json.Valid says on every input.
func FuzzValidJSON(f *testing.F) {
	for _, s := range []string{
		``, ` `, `{}`, `[]`, `null`, `nul`, `true `, ` false`, `tru`, `"`, `""`, `"\u00e9\/\b"`, `"\u00g0"`, `"\x"`,
		"\"\x1f\"", "\"\xff\xfe\"", `0`, `-0`, `01`, `-`, `1.`, `1.5e`, `1e+9`, `-1.25E-3`, `{"a":1,}`, `[1,]`, `[1 2]`,
		`{"a" 1}`, `{"a":1 "b":2}`, `{1:2}`, `{"a":[{"b":null}],"c":"d"}`, `[[[]]]`, `1 2`, `{"a":1}x`, "\t[\r\n1\n]\t",
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		`{"profiles":{"a:1":{"type":"token","provider":"a","token":"sk-x","expires":1.7e12}},"usageStats":{"a:1":{"lastUsed":5}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := validJSON(data), json.Valid(data); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid = %v", data, got, want)
		}
	})
}

package gateway

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// FuzzParseStore: any store JSON parses or fails cleanly, and no secret
// field's value reaches a row's message, location or fix.
func FuzzParseStore(f *testing.F) {
	for _, s := range []string{
		`{"version":1,"profiles":{"a:1":{"type":"token","provider":"a","token":"SECRETSECRET","expires":1}}}`,
		`{"profiles":{"a:1":{"mode":"apiKey","provider":"a","apiKey":"SECRETSECRET"}},"usageStats":{"a:1":{"disabledUntil":9e15}}}`,
		`{"profiles":{"a:1":{"type":"oauth","provider":"a","access":"openclaw-oauth-refresh-fence:x","refresh":"","expires":"soon"}}}`,
		`{"profiles":[]}`, `{"profiles":{`, `null`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := parseStore(data, nil)
		if err != nil {
			if strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("error quotes the input: %v", err)
			}
			return
		}
		secrets := secretValues(data)
		for _, id := range s.IDs {
			p := credentialRow(s.Profiles[id], gatewayFix{cli: "openclaw"})
			profile.Judge(&p, profile.Policy{Now: now, Zone: time.UTC})
			for _, sec := range secrets {
				for _, field := range []string{p.Message, p.Location, p.Fix, p.Note, p.Fingerprint} {
					if strings.Contains(field, sec) {
						t.Fatalf("secret %q in row %+v", sec, p)
					}
				}
			}
		}
	})
}

// secretValues collects the values of secret fields longer than 8 bytes.
func secretValues(data []byte) []string {
	var top struct {
		Profiles map[string]map[string]any `json:"profiles"`
	}
	if json.Unmarshal(data, &top) != nil {
		return nil
	}
	var out []string
	for _, p := range top.Profiles {
		for _, k := range []string{"key", "apiKey", "token", "access", "refresh"} {
			if s, ok := p[k].(string); ok && len(strings.TrimSpace(s)) > 8 {
				out = append(out, strings.TrimSpace(s))
			}
		}
	}
	return out
}

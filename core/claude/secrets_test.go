package claude

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/redact"
)

// TestSecretsCollected: every secret value a read parses — the login's
// access and refresh tokens, MCP servers' tokens, the overflow item's key —
// lands in Input.Secrets, from the file, a keychain item and an overflow
// item alike, and no row holds any of them.
func TestSecretsCollected(t *testing.T) {
	key := make([]byte, 32)
	rand.Read(key)
	b64 := base64.StdEncoding.EncodeToString(key)
	const svc = "Claude Code-credentials"
	item := func(s string) string { return s + "\x00alice" }
	moved := `{"claudeAiOauth": ` + creds(nil)[len(`{"claudeAiOauth":`):len(creds(nil))-len(`}`)] + `}`
	tests := []struct {
		name  string
		files map[string]string
		items map[string]any
		want  []string
	}{
		{name: "file", files: map[string]string{home + "/.claude/" + CredentialsFile: creds(nil)},
			want: []string{fakeAccess, fakeRefresh, fakeMCP}},
		{name: "file with a malformed field", files: map[string]string{home + "/.claude/" + CredentialsFile: creds(map[string]any{"expiresAt": "soon"})},
			want: []string{fakeAccess, fakeRefresh, fakeMCP}},
		{name: "keychain item", items: map[string]any{item(svc): creds(nil)},
			want: []string{fakeAccess, fakeRefresh, fakeMCP}},
		{name: "overflow item", items: map[string]any{
			item(svc):                 `{"keychainOverflow": {"slot": "a", "key": "` + b64 + `"}, "mcpOAuth": {}}`,
			item(svc + "-overflow-a"): sealOverflow(t, key, moved)},
			want: []string{fakeAccess, fakeRefresh, b64}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := &redact.Set{}
			in := Input{Home: home, Getenv: env("USER", "alice"), FS: fsys.Fake{Files: tt.files}, Secrets: set}
			if tt.items != nil {
				in.Keychain = &fakeKeychain{items: tt.items}
			}
			rows := Read(context.Background(), in)
			for _, v := range tt.want {
				if !set.Contains(v) {
					t.Errorf("%.20s… not in the set", v)
				}
			}
			if set.Len() != len(tt.want) {
				t.Errorf("set holds %d values, want %d", set.Len(), len(tt.want))
			}
			b, _ := json.Marshal(rows)
			if set.Contains(string(b)) {
				t.Errorf("a row holds a secret: %s", set.Mask(string(b)))
			}
		})
	}
}

package claude

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// TestNoTokenInRows reads stores full of token-shaped values, good and
// broken, judges the rows and fails if any token byte shows up in any
// field, exported or not.
func TestNoTokenInRows(t *testing.T) {
	a, r, m := fakeAccess, fakeRefresh, fakeMCP
	stores := []string{
		creds(nil),
		creds(map[string]any{"refreshToken": ""}),
		creds(map[string]any{"expiresAt": a}),
		creds(map[string]any{"refreshTokenExpiresAt": r}),
		creds(map[string]any{"scopes": a}),
		creds(map[string]any{"scopes": []any{a, 1}}),
		creds(map[string]any{"subscriptionType": []string{a}}),
		creds(map[string]any{"loginEnded": a}),
		creds(map[string]any{"accessToken": []string{a}}),
		`{"claudeAiOauth": "` + a + `"}`,
		`"` + a + `"`,
		`["` + a + `"]`,
		`{"claudeAiOauth": {"accessToken": "` + a + `" "` + r + `"}}`,
		`{"claudeAiOauth": {"accessToken": "` + a + `", "refreshToken": "` + r,
		`{"claudeAiOauth": {"accessToken": ` + a + `}}`,
		`{"` + a + `": 1, "claudeAiOauth": {"` + r + `": "` + m + `"}}`,
		`{"keychainOverflow": {"slot": "` + a + `", "key": "` + r + `"}}`,
		`{"keychainOverflow": {"slot": "a", "key": "` + r + `"}}`,
		"\xff\xfe" + a,
		a + "\n" + r,
	}
	for i, store := range stores {
		for _, viaKeychain := range []bool{false, true} {
			files := map[string]string{home + "/.claude.json": claudeJSON(a)}
			in := Input{Home: home, Getenv: env("USER", "u"), FS: fsys.Fake{Files: files}}
			if viaKeychain {
				in.Keychain = &fakeKeychain{items: map[string]any{
					Service + "\x00u":            store,
					Service + "-overflow-a\x00u": m,
				}}
			} else {
				files[defFile] = store
			}
			for _, p := range Read(context.Background(), in) {
				profile.Judge(&p, profile.Policy{Now: now})
				b, _ := json.Marshal(p)
				all := string(b) + fmt.Sprintf("%#v", p)
				for _, tok := range []string{a, r, m} {
					body := tok[len("sk-ant-oat01-"):]
					for j := 0; j+8 <= len(body); j += 4 {
						if strings.Contains(all, body[j:j+8]) {
							t.Fatalf("store %d (keychain %v): token bytes %q in row %s", i, viaKeychain, body[j:j+8], all)
						}
					}
				}
				if strings.Contains(all, "sk-ant") {
					t.Fatalf("store %d (keychain %v): token prefix in row %s", i, viaKeychain, all)
				}
			}
		}
	}
}

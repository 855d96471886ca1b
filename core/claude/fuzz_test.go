package claude

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// FuzzParse feeds arbitrary bytes to the reader as the credentials file and
// as the keychain item. Invariants: no panic; every sentence is one valid
// UTF-8 line; no token-shaped text and no string value of the input's token
// fields appears in a row. Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(creds(nil)), false)
	f.Add([]byte(creds(map[string]any{"accessToken": "", "refreshToken": "", "expiresAt": 0, "loginEnded": "time_limit"})), true)
	f.Fuzz(func(t *testing.T, data []byte, viaKeychain bool) {
		in := Input{Home: home, Getenv: env("USER", "u"), FS: fsys.Fake{Files: map[string]string{}}}
		if viaKeychain {
			in.Keychain = &fakeKeychain{items: map[string]any{
				Service + "\x00u":            string(data),
				Service + "-overflow-a\x00u": string(data),
				Service + "-overflow-b\x00u": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			}}
		} else {
			in.FS.(fsys.Fake).Files[defFile] = string(data)
		}
		secrets := tokenValues(data)
		for _, p := range Read(context.Background(), in) {
			profile.Judge(&p, profile.Policy{Now: now})
			for _, s := range []string{p.Message, p.Note, p.Location, p.Account, p.ID, p.Fix} {
				if !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r") {
					t.Fatalf("not one clean line: %q", s)
				}
				if strings.Contains(s, "sk-ant-") {
					t.Fatalf("token-shaped text in %q", s)
				}
				for _, sec := range secrets {
					if strings.Contains(s, sec) && !strings.Contains(vocabulary, sec) {
						t.Fatalf("token value %q in %q", sec, s)
					}
				}
			}
			if p.Fingerprint == "" || p.State == "" {
				t.Fatalf("incomplete row %+v", p)
			}
		}
	})
}

// tokenValues finds the values of fields named like tokens or keys in data,
// wherever they are, when data is JSON; values too short to be secrets (and
// to be told apart from words of a sentence) are left out.
func tokenValues(data []byte) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				lk := strings.ToLower(k)
				if s, ok := y.(string); ok && len(s) >= 12 && (strings.Contains(lk, "token") || strings.Contains(lk, "key")) {
					out = append(out, s)
				}
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	var v any
	if json.NewDecoder(bytes.NewReader(data)).Decode(&v) == nil {
		walk(v)
	}
	return out
}

// vocabulary is text rows are made of whatever the input; a "token" the
// fuzzer spells like part of it is not a leak.
const vocabulary = "claudeAiOauth.accessToken claudeAiOauth.refreshToken claudeAiOauth.expiresAt " +
	"claudeAiOauth.refreshTokenExpiresAt claudeAiOauth.subscriptionType claudeAiOauth.loginEnded " +
	"claudeAiOauth.accountUuid claudeAiOauth.scopes keychainOverflow.slot keychainOverflow.key " +
	home + "/.claude/.credentials.json keychain:Claude Code-credentials-overflow-a " +
	"The keychain overflow item does not decrypt with its key " +
	"The keychain item points to an overflow item that does not exist " +
	"The keychain overflow key is not a base64 32-byte key " +
	"The keychain overflow item is too short to be encrypted data " +
	"The keychain overflow item does not hold a JSON object " +
	"holds something other than strings is not a valid string looks like seconds, not milliseconds " +
	"is out of range is negative, not an object, not a number, not a string, not an array " +
	"Login ended: it reached its time limit Claude Code cleared its tokens marked it ended Not signed in Malformed JSON at line : the file ends early " +
	"The file holds a non-object value, not a JSON object Empty file " +
	"no refresh token: Claude Code cannot renew this login; inference-only token " +
	"Access token refreshes on next use access token valid for then refreshes automatically · login ends in " +
	"Login ended ago Login ends in Expires in Expired Expiry unknown claude auth login"

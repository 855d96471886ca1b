package claude

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

// bigConfig is a ~/.claude.json of a heavy user: a projects map of size
// bytes, with the account before or after it.
func bigConfig(size int, accountFirst bool, email string) string {
	var b strings.Builder
	account := `"oauthAccount": {"accountUuid": "u", "emailAddress": "` + email + `", "organizationName": "o"}`
	b.WriteString("{")
	if accountFirst {
		b.WriteString(account + ", ")
	}
	b.WriteString(`"projects": {`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"/home/u/p%d": {"history": [{"display": "fix the emailAddress bug %d", "pastedContents": {}}], "emailAddress": "not@this.one", "n": [1, 2.5, true, null]}`, i, i)
	}
	b.WriteString("}")
	if !accountFirst {
		b.WriteString(", " + account)
	}
	b.WriteString(`, "numStartups": 412}`)
	return b.String()
}

func TestAccountEmail(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name, file, want string
	}{
		{"small", claudeJSON("ada@example.com"), "ada@example.com"},
		{"12 MB, account last", bigConfig(12*mb, false, "big@example.com"), "big@example.com"},
		{"12 MB, account first", bigConfig(12*mb, true, "first@example.com"), "first@example.com"},
		{"malformed after the account", `{"oauthAccount": {"emailAddress": "a@b.c"}, "x": [`, "a@b.c"},
		{"malformed before the account", `{"x": [, "oauthAccount": {"emailAddress": "a@b.c"}}`, ""},
		{"oauthAccount null", `{"oauthAccount": null}`, ""},
		{"oauthAccount a string", `{"oauthAccount": "a@b.c"}`, ""},
		{"emailAddress a number", `{"oauthAccount": {"emailAddress": 5}}`, ""},
		{"emailAddress only elsewhere", `{"projects": {"p": {"emailAddress": "x@y.z"}}, "oauthAccount": {"accountUuid": "u"}}`, ""},
		{"not an object", `["oauthAccount"]`, ""},
		{"empty", ``, ""},
		{"token-shaped label", `{"oauthAccount": {"emailAddress": "` + fakeAccess + `"}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Home: home, Getenv: env(), FS: fsys.Fake{Files: map[string]string{defFile: creds(nil), home + "/.claude.json": tt.file}}}
			ps := Read(context.Background(), in)
			if len(ps) != 1 || ps[0].Account != tt.want {
				t.Fatalf("account = %q, want %q", ps[0].Account, tt.want)
			}
		})
	}
}

// BenchmarkAccountEmail: a 6.5 MB ~/.claude.json, account last.
func BenchmarkAccountEmail(b *testing.B) {
	in := Input{Home: home, Getenv: env(), FS: fsys.Fake{Files: map[string]string{home + "/.claude.json": bigConfig(6500<<10, false, "a@b.c")}}}
	d := configDir{Path: home + "/.claude"}
	for i := 0; i < b.N; i++ {
		if accountEmail(in, d) != "a@b.c" {
			b.Fatal("no email")
		}
	}
}

// FuzzFindEmail: the scanner never panics, and on valid JSON it agrees with
// encoding/json (which matches keys case-insensitively and keeps the last of
// duplicates, so only inputs without either are compared).
func FuzzFindEmail(f *testing.F) {
	f.Add([]byte(`{"a": [1, {"b": "}"}], "oauthAccount": {"emailAddress": "a@b.c"}}`))
	f.Add([]byte(`{"s": "\\\"{", "oauthAccount": {"emailAddress": "x\u0041"}}`))
	f.Add([]byte(`{"oauthAccount": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := findEmail(data)
		if !json.Valid(data) || bytes.Count(bytes.ToLower(data), []byte("oauthaccount")) != 1 || bytes.Count(bytes.ToLower(data), []byte("emailaddress")) > 1 {
			return
		}
		var cfg struct {
			OAuthAccount *struct {
				Email string `json:"emailAddress"`
			} `json:"oauthAccount"`
		}
		if json.Unmarshal(data, &cfg) != nil || cfg.OAuthAccount == nil {
			return
		}
		if bytes.Contains(data, []byte(`"oauthAccount"`)) && bytes.Contains(data, []byte(`"emailAddress"`)) && got != cfg.OAuthAccount.Email {
			t.Fatalf("findEmail = %q, encoding/json = %q", got, cfg.OAuthAccount.Email)
		}
	})
}

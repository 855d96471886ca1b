package claude

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// Fake tokens are built at run time: token-shaped, obviously fake.
var (
	fakeAccess  = "sk-ant-" + "oat01-" + strings.Repeat("FaKe0aCcEsS0x", 8) + "AA"
	fakeRefresh = "sk-ant-" + "ort01-" + strings.Repeat("FaKe0rEfReSh0y", 7) + "AA"
	fakeMCP     = "sk-ant-" + "oat01-" + strings.Repeat("FaKe0mCp0z", 10) + "AA"
)

const home = "/home/u"

var (
	now        = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	accessEnd  = now.Add(5 * time.Hour)
	loginEnd   = now.Add(20 * 24 * time.Hour)
	accessPast = now.Add(-3 * time.Hour)
)

// creds builds a .credentials.json text; fields override the defaults of a
// live 2.1.331-style login, and a nil value deletes a field.
func creds(fields map[string]any) string {
	o := map[string]any{
		"accessToken":           fakeAccess,
		"refreshToken":          fakeRefresh,
		"expiresAt":             accessEnd.UnixMilli(),
		"refreshTokenExpiresAt": loginEnd.UnixMilli(),
		"scopes":                []string{"user:inference", "user:profile", "user:sessions:claude_code"},
		"subscriptionType":      "max",
		"rateLimitTier":         "default_claude_max_5x",
	}
	for k, v := range fields {
		if v == nil {
			delete(o, k)
			continue
		}
		o[k] = v
	}
	b, err := json.Marshal(map[string]any{
		"claudeAiOauth": o,
		"mcpOAuth": map[string]any{"linear|4d1e0b7c9a2f3e11": map[string]any{
			"serverName": "linear", "accessToken": fakeMCP, "expiresAt": accessEnd.UnixMilli()}},
	})
	if err != nil {
		panic(err)
	}
	return string(b)
}

func claudeJSON(email string) string {
	return `{"numStartups": 3, "oauthAccount": {"emailAddress": "` + email + `", "accountUuid": "x"}}`
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// fakeKeychain answers Find from a map keyed "service\x00account"; a value
// of type error is returned as the error.
type fakeKeychain struct {
	items map[string]any
	// all is returned for any item not in items (e.g. ErrLocked).
	all   error
	calls []string
	// asked counts the calls made as reads the user asked for.
	asked int
}

func (k *fakeKeychain) Find(ctx context.Context, service, account string) ([]byte, error) {
	key := service + "\x00" + account
	k.calls = append(k.calls, key)
	if UserAsked(ctx) {
		k.asked++
	}
	switch v := k.items[key].(type) {
	case string:
		return []byte(v + "\n"), nil
	case error:
		return nil, v
	}
	if k.all != nil {
		return nil, k.all
	}
	return nil, ErrNotFound
}

func tp(t time.Time) *time.Time { return &t }

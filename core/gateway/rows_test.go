package gateway

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestCredentialRows covers each profile type and each bad value, judged as
// the snapshot judges them.
func TestCredentialRows(t *testing.T) {
	const h = time.Hour
	fence := "openclaw-oauth-refresh-fence:v1:0123456789abcdef0123456789abcdef:"
	tests := []struct {
		name    string
		entry   string
		state   profile.State
		message string
		fix     string
	}{
		{"api key", `{"type":"api_key","provider":"anthropic","key":"K"}`, profile.OK, "API key · no expiry", "openclaw models auth paste-api-key --provider anthropic --profile-id x:1"},
		{"apiKey alias and mode", `{"mode":"apiKey","provider":"openrouter","apiKey":"K"}`, profile.OK, "API key · no expiry", "openclaw models auth paste-api-key --provider openrouter --profile-id x:1"},
		{"keyRef counts as a key", `{"type":"api_key","provider":"openai","keyRef":{"source":"env","provider":"default","id":"OPENAI_API_KEY"}}`, profile.OK, "API key · no expiry", ""},
		{"empty api key", `{"type":"api_key","provider":"anthropic","key":"  "}`, profile.Missing, "API key is empty", ""},
		{"token ok", `{"type":"token","provider":"anthropic","token":"T","expires":` + msStr(48*h) + `}`, profile.OK, "Expires in 2 d (Thu 10:00)", "claude setup-token && openclaw models auth paste-token --provider anthropic --profile-id x:1 --expires-in 365d"},
		{"token expiring", `{"type":"token","provider":"anthropic","token":"T","expires":` + msStr(2*h) + `}`, profile.Expiring, "Expires in 2 h (12:00)", ""},
		{"token expired", `{"type":"token","provider":"anthropic","token":"T","expires":` + msStr(-2*h) + `}`, profile.Expired, "Expired 2 h ago (08:00)", ""},
		{"token no expiry", `{"type":"token","provider":"anthropic","token":"T"}`, profile.Unknown, "Expiry unknown", ""},
		{"token empty", `{"type":"token","provider":"anthropic","token":""}`, profile.Missing, "Token is empty", ""},
		{"token expiry as a string", `{"type":"token","provider":"anthropic","token":"T","expires":"2027-01-01"}`, profile.Missing, "expires is a string, not a number of milliseconds", ""},
		{"token expiry as an object", `{"type":"token","provider":"anthropic","token":"T","expires":{"ms":1}}`, profile.Missing, "expires is an object, not a number of milliseconds", ""},
		{"token expiry null", `{"type":"token","provider":"anthropic","token":"T","expires":null}`, profile.Missing, "expires is null, not a number of milliseconds", ""},
		{"oauth expiry as a boolean", `{"type":"oauth","provider":"anthropic","access":"A","refresh":"R","expires":true}`, profile.Missing, "expires is a boolean, not a number of milliseconds", ""},
		{"token expiry zero", `{"type":"token","provider":"anthropic","token":"T","expires":0}`, profile.Missing, "Invalid expiry in the store", ""},
		{"token expiry negative", `{"type":"token","provider":"anthropic","token":"T","expires":-5}`, profile.Missing, "Invalid expiry in the store", ""},
		{"token expiry too large", `{"type":"token","provider":"anthropic","token":"T","expires":9e15}`, profile.Missing, "Invalid expiry in the store", ""},
		// Real CLI: ok, exit 0, for a token and for OAuth without refresh.
		{"token expiry after the year 9999", `{"type":"token","provider":"anthropic","token":"T","expires":8.64e15}`, profile.OK, "Expires after the year 9999", ""},
		{"oauth expiry after the year 9999", `{"type":"oauth","provider":"anthropic","access":"A","expires":253402300800000}`, profile.OK, "Expires after the year 9999", ""},
		{"token expiry in seconds", `{"type":"token","provider":"anthropic","token":"T","expires":1827121738}`, profile.Expired, "Expired: its expiry looks like seconds, not milliseconds, so the gateway treats it as long past", ""},
		{"other provider token", `{"type":"token","provider":"OpenAI","token":"T","expires":` + msStr(48*h) + `}`, profile.OK, "Expires in 2 d (Thu 10:00)", "openclaw models auth paste-token --provider openai --profile-id x:1"},
		{"oauth refresh, access expired", `{"type":"oauth","provider":"anthropic","access":"A","refresh":"R","expires":` + msStr(-h) + `}`, profile.OK, "Access token refreshes on next use", "claude setup-token && openclaw models auth paste-token --provider anthropic --profile-id x:1 --expires-in 365d"},
		{"other provider oauth", `{"type":"oauth","provider":"openai-codex","access":"A","refresh":"R","expires":` + msStr(-h) + `}`, profile.OK, "Access token refreshes on next use", "openclaw models auth login --provider openai-codex"},
		{"oauth no refresh, expired", `{"type":"oauth","provider":"anthropic","access":"A","expires":` + msStr(-h) + `}`, profile.Expired, "Expired 1 h ago (09:00)", ""},
		{"oauth no tokens", `{"type":"oauth","provider":"anthropic","expires":` + msStr(h) + `}`, profile.Missing, "OAuth profile has no tokens", ""},
		{"oauth no expiry, no refresh", `{"type":"oauth","provider":"anthropic","access":"A"}`, profile.Missing, "OAuth profile has no expiry and no refresh token", ""},
		{"oauth fence", `{"type":"oauth","provider":"anthropic","access":"` + fence + `access:ab","refresh":"` + fence + `refresh:cd","expires":1}`, profile.Expired, "A token refresh failed or is in flight; sign in again if it does not recover", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := parseCredential("x:1", json.RawMessage(tt.entry), nil)
			if !ok {
				t.Fatal("dropped")
			}
			p := credentialRow(c, gatewayFix{cli: "openclaw"})
			profile.Judge(&p, profile.Policy{Now: now, Zone: time.UTC})
			if p.State != tt.state || p.Message != tt.message {
				t.Errorf("= %s %q, want %s %q", p.State, p.Message, tt.state, tt.message)
			}
			if tt.fix != "" && p.Fix != tt.fix {
				t.Errorf("fix = %q, want %q", p.Fix, tt.fix)
			}
			if _, err := json.Marshal(p); err != nil {
				t.Errorf("json: %v", err) // --json must be able to write every row
			}
			if p.Fingerprint == "" {
				t.Errorf("fingerprint %q", p.Fingerprint)
			}
		})
	}
}

func TestFingerprintChangesOnRenewal(t *testing.T) {
	a, _ := parseCredential("x:1", json.RawMessage(`{"type":"token","provider":"anthropic","token":"T1","expires":`+msStr(time.Hour)+`}`), nil)
	b, _ := parseCredential("x:1", json.RawMessage(`{"type":"token","provider":"anthropic","token":"T2","expires":`+msStr(time.Hour)+`}`), nil)
	c, _ := parseCredential("x:1", json.RawMessage(`{"type":"token","provider":"anthropic","token":"T2","expires":`+msStr(48*time.Hour)+`}`), nil)
	if fingerprint(a) != fingerprint(b) {
		t.Error("the fingerprint depends on the secret")
	}
	if fingerprint(a) == fingerprint(c) {
		t.Error("a renewed token keeps its fingerprint")
	}
}

func TestDropped(t *testing.T) {
	for _, e := range []string{`{"type":"magic","provider":"x"}`, `{"type":"token","token":"T"}`, `"a string"`, `{"type":"token","provider":"  "}`} {
		if _, ok := parseCredential("x", json.RawMessage(e), nil); ok {
			t.Errorf("%s was kept", e)
		}
	}
}

func TestMerge(t *testing.T) {
	base, _ := parseStore([]byte(`{"profiles":{"a:1":{"type":"api_key","provider":"a","key":"k"},"a:2":{"type":"api_key","provider":"a","key":"k"}},"order":{"a":["a:1"]},"usageStats":{"a:1":{"lastUsed":5},"a:2":{"lastUsed":6}}}`), nil)
	over, _ := parseStore([]byte(`{"profiles":{"a:2":{"type":"token","provider":"a","token":"t"},"a:3":{"type":"api_key","provider":"a","key":"k"}},"usageStats":{"a:2":{"lastUsed":9}}}`), nil)
	m := merge(base, over)
	if got := strings.Join(m.IDs, ","); got != "a:1,a:2,a:3" {
		t.Errorf("ids = %s", got)
	}
	if m.Profiles["a:2"].Type != "token" {
		t.Error("the agent's entry does not win")
	}
	if m.State.Usage["a:1"].LastUsed != 5 || m.State.Usage["a:2"].LastUsed != 9 {
		t.Errorf("usage = %+v", m.State.Usage)
	}
	if len(m.State.Order["a"]) != 1 {
		t.Errorf("order = %v", m.State.Order)
	}
	// A state row merges per key over the state inline in its store
	// (mergePersistedAuthProfileState), as two stores do.
	row, _ := parseState([]byte(`{"order":{"a":["a:2","a:1"],"b":["b:1"]},"usageStats":{"a:2":{"lastUsed":7}}}`))
	st := mergeState(base.State, row)
	if strings.Join(st.Order["a"], ",") != "a:2,a:1" || len(st.Order["b"]) != 1 || st.Usage["a:1"].LastUsed != 5 || st.Usage["a:2"].LastUsed != 7 {
		t.Errorf("state row over inline state = %+v", st)
	}
}

func msStr(d time.Duration) string { return strings.TrimSpace(jsonNum(ms(d))) }

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

// A fix names its agent (the shared store's owner for a shared row) and the
// state dir and config when they are not the CLI's default; FixArgs is the
// same command, for a program, and an Anthropic token's chain runs a
// constant script with the command as its arguments.
func TestFixArgs(t *testing.T) {
	g := gatewayFix{cli: "openclaw", sharedOwner: "main", env: []string{"OPENCLAW_STATE_DIR=/srv/my gw"}}
	var p profile.Profile
	g.set(&p, "token", "anthropic", "anthropic:manual", "")
	want := "claude setup-token && env OPENCLAW_STATE_DIR='/srv/my gw' openclaw models auth paste-token --provider anthropic --profile-id anthropic:manual --expires-in 365d --agent main"
	if p.Fix != want {
		t.Errorf("fix = %q, want %q", p.Fix, want)
	}
	args := []string{"sh", "-c", profile.TokenChainScript, "sh", "openclaw", "models", "auth", "paste-token", "--provider", "anthropic", "--profile-id", "anthropic:manual", "--expires-in", "365d", "--agent", "main"}
	if strings.Join(p.FixArgs, "\x00") != strings.Join(args, "\x00") || strings.Join(p.FixEnv, ",") != "OPENCLAW_STATE_DIR=/srv/my gw" {
		t.Errorf("args = %q, env = %q", p.FixArgs, p.FixEnv)
	}
	g.set(&p, "api_key", "openrouter", "openrouter:manual", "work")
	if want := "env OPENCLAW_STATE_DIR='/srv/my gw' openclaw models auth paste-api-key --provider openrouter --profile-id openrouter:manual --agent work"; p.Fix != want {
		t.Errorf("fix = %q, want %q", p.Fix, want)
	}
	if p.FixArgs[0] != "openclaw" {
		t.Errorf("args = %q", p.FixArgs)
	}
	old := gatewayFix{cli: "clawdbot"}
	old.set(&p, "token", "anthropic", "anthropic:default", "main")
	if want := "clawdbot models auth setup-token --provider anthropic --agent main"; p.Fix != want {
		t.Errorf("fix = %q, want %q", p.Fix, want)
	}
}

// TestAccountLabel: a profile's email is its row's account label, unless
// it looks like a token (the rule Claude Code's labels follow, in
// redact.Label), which is then not shown at all.
func TestAccountLabel(t *testing.T) {
	tokens := []string{
		"sk-ant-oat01-" + strings.Repeat("Q", 40),
		"me+sk-ant-api03-x@example.com",
		"sk-proj-" + strings.Repeat("a1", 12),
		strings.Repeat("Ab3", 12) + "@example.com",
	}
	for _, email := range append(tokens, "tester@example.com") {
		entry, _ := json.Marshal(map[string]any{"type": "token", "provider": "anthropic", "token": "T", "email": email})
		c, ok := parseCredential("x:1", entry, nil)
		if !ok {
			t.Fatal("dropped")
		}
		p := credentialRow(c, gatewayFix{cli: "openclaw"})
		want := ""
		if email == "tester@example.com" {
			want = email
		}
		if p.Account != want {
			t.Errorf("email %q: account %q, want %q", email, p.Account, want)
		}
	}
}

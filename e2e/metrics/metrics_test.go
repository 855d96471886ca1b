package metricse2e

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"

	"github.com/authtray/authtray/internal/e2efixture"
)

// fixture is a HOME with a Claude Code login ending in 5 days, a gateway
// setup-token expiring in 5 h and an API key, and the secrets in it. The
// gateway is an older clawdbot (its package in the per-user npm prefix
// ~/.npm-global), whose live store is the JSON file in ~/.clawdbot: the
// test rewrites it as that gateway did.
type fixture struct {
	home    string
	store   string // the gateway agent's auth-profiles.json
	secrets []string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	f := fixture{home: filepath.Join(t.TempDir(), "home")}
	f.store = e2efixture.InstallClawdbot(t, f.home)
	f.secrets = []string{
		"sk-ant-oat01-E2EACCESSaaaaBBBBccccDDDDeeee0001", "sk-ant-ort01-E2EREFRESHaaaaBBBBccccDDDDeeee0002",
		"sk-ant-oat01-E2EMANUALaaaaBBBBccccDDDDeeee0003", "sk-proj-E2EKEYaaaaBBBBccccDDDDeeee0004",
		"sk-ant-oat01-E2ERENEWEDaaaaBBBBccccDDDDeeee0005",
	}
	now := time.Now()
	e2efixture.WriteClaudeLogin(t, filepath.Join(f.home, ".claude"), f.secrets[0], f.secrets[1], now.Add(8*time.Hour), now.Add(5*24*time.Hour))
	e2efixture.WriteJSON(t, filepath.Join(f.home, ".claude.json"), map[string]any{"oauthAccount": map[string]any{"emailAddress": "tester@example.com"}})
	f.writeStore(t, f.secrets[2], now.Add(5*time.Hour))
	return f
}

// writeStore writes the gateway store as the gateway does: a new file
// renamed over the old.
func (f fixture) writeStore(t *testing.T, token string, expires time.Time) {
	t.Helper()
	e2efixture.WriteJSON(t, f.store, map[string]any{"version": 1, "profiles": map[string]any{
		"anthropic:manual": map[string]any{"type": "token", "provider": "anthropic", "token": token, "expires": expires.UnixMilli()},
		"openai:key":       map[string]any{"type": "api_key", "provider": "openai", "key": f.secrets[3]},
	}})
}

// noLeak fails if an 8-byte piece of a secret (past its kind prefix) is in
// text.
func (f fixture) noLeak(t *testing.T, what, text string) { e2efixture.NoLeak(t, f.secrets, what, text) }

// fakeSSH is an ssh that cannot connect, as ssh says it: the host is
// unreachable.
func fakeSSH(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ssh")
	script := "#!/bin/sh\necho 'ssh: connect to host gw.invalid port 22: Connection refused' >&2\nexit 255\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// status is `authtray status --json args…` on the same HOME: the engine's
// own answer, which the metrics must repeat.
func status(t *testing.T, home string, extraEnv []string, args ...string) profile.Snapshot {
	t.Helper()
	cmd := exec.Command(authtray, append([]string{"status", "--json"}, args...)...)
	cmd.Env = e2efixture.Env(home, extraEnv...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("authtray status --json: %v", err)
	}
	var s profile.Snapshot
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	return s
}

// seriesKey names a credential's series by its labels (an absent label is
// "").
func seriesKey(m map[string]string) string {
	return fmt.Sprintf("%s|%s|%s|%s", m["host"], m["source"], m["agent"], m["profile"])
}

func rowKey(p profile.Profile) string {
	return fmt.Sprintf("%s|%s|%s|%s", p.Host, p.Source, p.Agent, p.ID)
}

// wantDeadline is the deadline the engine judges a JSON row by.
func wantDeadline(p profile.Profile) (time.Time, bool) {
	if p.Kind == profile.OAuth && p.Refreshable {
		if p.LoginEndsAt == nil {
			return time.Time{}, false
		}
		return *p.LoginEndsAt, true
	}
	if p.ExpiresAt == nil {
		return time.Time{}, false
	}
	return *p.ExpiresAt, true
}

// statesOf is each credential's state at 1, by seriesKey.
func statesOf(ss []sample) map[string]string {
	out := map[string]string{}
	for _, s := range ss {
		out[seriesKey(s.Metric)] = s.Metric["state"]
	}
	return out
}

func valuesOf(ss []sample) map[string]float64 {
	out := map[string]float64{}
	for _, s := range ss {
		out[seriesKey(s.Metric)] = s.value()
	}
	return out
}

// checkSameAsStatus: what Prometheus holds is what `authtray status --json`
// says: every row's state, whether it is in use, its deadline, the verdict
// and the host's reachability.
func checkSameAsStatus(t *testing.T, p *prometheus, want profile.Snapshot) {
	t.Helper()
	states := statesOf(p.query(t, `authtray_credential_state == 1`))
	inUse := valuesOf(p.query(t, `authtray_credential_in_use`))
	deadlines := valuesOf(p.query(t, `authtray_credential_deadline_timestamp_seconds`))
	if len(states) != len(want.Profiles) {
		t.Errorf("Prometheus has %d credentials with a state, status --json %d rows: %v", len(states), len(want.Profiles), states)
	}
	for _, r := range want.Profiles {
		k := rowKey(r)
		if states[k] != string(r.State) {
			t.Errorf("%s: Prometheus says %q, status --json %q", k, states[k], r.State)
		}
		if v, ok := inUse[k]; !ok || (v == 1) != r.Judged {
			t.Errorf("%s: in use %v (present %v), judged %v", k, v, ok, r.Judged)
		}
		d, has := wantDeadline(r)
		if got, ok := deadlines[k]; ok != has || has && math.Abs(got-float64(d.UnixMilli())/1e3) > 0.001 {
			t.Errorf("%s: deadline %v (present %v), want %v (present %v)", k, got, ok, d, has)
		}
	}
	if got := p.query(t, `authtray_status`); len(got) != 1 || int(got[0].value()) != profile.ExitCode(want.Status) {
		t.Errorf("authtray_status = %v, want %d (%s)", got, profile.ExitCode(want.Status), want.Status)
	}
	for _, h := range want.Hosts {
		got := p.query(t, fmt.Sprintf(`authtray_host_reachable{host=%q}`, h.Name))
		if len(got) != 1 || (got[0].value() == 1) != h.Reachable {
			t.Errorf("host %s: reachable %v, want %v", h.Name, got, h.Reachable)
		}
	}
}

package parity

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/safetext/safetexttest"
)

// TestParity compares authtray with the gateway on every scenario HOME.
func TestParity(t *testing.T) {
	needOracle(t)
	for _, sc := range scenarios {
		b := built[sc.name]
		t.Run(sc.name, func(t *testing.T) {
			if b.err != nil {
				t.Fatalf("%v\nbuild log:\n%s", b.err, readLog(b, "build.log"))
			}
			codes := map[string]int{}
			for a, r := range b.answers {
				codes[a] = r.code
			}
			for _, a := range append([]string{""}, b.agents...) {
				name := "default-agent"
				if a != "" {
					name = "agent-" + a
				}
				t.Run(name, func(t *testing.T) { compare(t, b, a, codes) })
			}
		})
	}
}

// TestGatewayCheckFlag shows that `--json --check`, which the suite runs to
// halve the gateway calls, exits as plain `--check` does.
func TestGatewayCheckFlag(t *testing.T) {
	needOracle(t)
	n := 0
	for _, sc := range scenarios {
		b := built[sc.name]
		if b.checkOnly == nil || b.err != nil {
			continue
		}
		n++
		if got, want := b.answers[""].code, b.checkOnly.code; got != want {
			t.Errorf("%s: models status --json --check exited %d, --check alone %d", sc.name, got, want)
		}
	}
	if n == 0 {
		t.Fatal("no scenario ran plain --check")
	}
}

// compare checks one agent variant of a scenario; agent "" is authtray's
// default (every agent) against the gateway's default agent.
func compare(t *testing.T, b *builtScenario, agent string, codes map[string]int) {
	gwr := b.answers[agent]
	var gw gwStatus
	if err := json.Unmarshal(gwr.stdout, &gw); err != nil {
		t.Fatalf("the gateway's JSON: %v\n%s", err, gwr)
	}
	args := []string{"status"}
	if agent != "" {
		args = append(args, "--agent", agent)
	}
	atJSON := runAuthtray(t, b.home, b.envFor(b.home), append(args, "--json")...)
	atCheck := runAuthtray(t, b.home, b.envFor(b.home), append(args, "--check")...)

	var diffs []string
	diff := func(format string, a ...any) { diffs = append(diffs, fmt.Sprintf(format, a...)) }
	defer func() {
		if len(diffs) > 0 {
			t.Errorf("scenario %s, %s: authtray and the gateway disagree:\n  - %s\n\n== gateway (%s)\n%s\n\n== authtray --json\n%s\n\n== authtray --check\n%s\n\n== build log\n%s",
				b.name, variantName(agent), strings.Join(diffs, "\n  - "),
				filepath.Join(b.logDir, "gateway"+agent+".json"), gwr, atJSON, atCheck, readLog(b, "build.log"))
		}
	}()

	for _, r := range []result{atJSON, atCheck} {
		for _, leak := range leaks(r) {
			diff("%s printed token bytes %q", strings.Join(r.args[1:], " "), leak)
		}
		for _, line := range strings.Split(string(r.stdout)+string(r.stderr), "\n") {
			if u := safetexttest.Unsafe(line); u != "" {
				diff("%s printed %s in %q", strings.Join(r.args[1:], " "), u, line)
			}
		}
	}

	// The gateway's verdict must be the recorded one, or the HOME is not the
	// scenario it claims to be.
	if want, ok := b.gateway[agent]; ok && gwr.code != want {
		diff("the gateway exited %d, but this scenario should make it exit %d: the HOME was not built as meant, or the gateway changed", gwr.code, want)
	}

	// Exit codes. Without --agent, authtray judges every agent: the worst of
	// the gateway's per-agent verdicts.
	want := gwr.code
	if agent == "" {
		for _, c := range codes {
			want = worse(want, c)
		}
	}
	if b.refreshableOAuth {
		if want != 1 {
			diff("documented difference: the gateway should exit 1 on an expired, refreshable OAuth profile; it exited %d", want)
		}
		want = 0 // authtray: "refreshes on next use"
	}
	if atCheck.code != want {
		diff("exit code: authtray status --check %d, want %d (gateway %d)", atCheck.code, want, gwr.code)
	}

	var at atSnapshot
	if err := json.Unmarshal(atJSON.stdout, &at); err != nil {
		diff("authtray --json is not JSON: %v", err)
		return
	}
	compareMetrics(t, b, args, at, atCheck, diff)
	if gw.Auth == nil {
		// The gateway refused the HOME (e.g. migration required): nothing
		// per profile to compare, the exit code above is the verdict.
		if gw.Error == nil {
			diff("the gateway printed neither auth nor an error")
		}
		return
	}
	gwAgent := gw.agent()

	// Per-profile state.
	for _, gp := range gw.Auth.OAuth.Profiles {
		row := at.row(gp.ProfileID, gwAgent)
		if row == nil {
			diff("profile %s: the gateway lists it (%s), authtray has no gateway row", gp.ProfileID, gp.Status)
			continue
		}
		if ok, want := stateMatches(gp, row.State, b.refreshableOAuth); !ok {
			diff("profile %s (%s): gateway %s, authtray %s; want %s", gp.ProfileID, gp.Type, gp.Status, row.State, want)
		}
	}

	// The credential in use, per provider of a model in use.
	for _, prov := range gw.providersInUse() {
		sel, kind := gw.selected(prov, b.refreshableOAuth)
		used := at.usedBy(prov, gwAgent)
		switch {
		case sel != "":
			if !slices.Equal(used, []string{sel}) {
				diff("in use for %s by agent %s: gateway selects %s, authtray marks %v", prov, gwAgent, sel, used)
			}
		case kind == "env":
			if len(used) > 0 {
				diff("in use for %s by agent %s: the gateway uses the environment key, authtray marks profiles %v", prov, gwAgent, used)
			}
		}
	}

	// Providers the gateway says have no usable credential. (Only this
	// direction: the gateway leaves the list empty when it has no profiles
	// at all, and its exit code already covers that.)
	for _, prov := range gw.Auth.MissingProvidersInUse {
		if !at.failingFor(prov, gwAgent) {
			diff("no usable credential for %s (agent %s): the gateway says so, authtray has no failing row in use for it", prov, gwAgent)
		}
	}

	// Disabled and cooling-down profiles.
	listed := map[string]bool{}
	for _, u := range gw.Auth.UnusableProfiles {
		listed[u.ProfileID] = true
		row := at.row(u.ProfileID, gwAgent)
		switch {
		case row == nil:
			diff("unusable %s (%s, %s): authtray has no row", u.ProfileID, u.Kind, u.Reason)
		case row.Unusable == nil:
			diff("unusable %s: gateway %s (%s), authtray unusable null", u.ProfileID, u.Kind, u.Reason)
		default:
			if row.Unusable.Kind != u.Kind || row.Unusable.Reason != u.Reason {
				diff("unusable %s: gateway %s/%s, authtray %s/%s", u.ProfileID, u.Kind, u.Reason, row.Unusable.Kind, row.Unusable.Reason)
			}
			gwUntil := time.UnixMilli(u.Until)
			if row.Unusable.Until == nil || row.Unusable.Until.Sub(gwUntil).Abs() > 2*time.Second {
				diff("unusable %s: gateway until %s, authtray %v", u.ProfileID, gwUntil.UTC().Format(time.RFC3339), row.Unusable.Until)
			}
		}
	}
	if len(b.agents) == 0 {
		for _, p := range at.Profiles {
			if p.Source == "gateway" && p.Unusable != nil && !listed[p.ID] {
				diff("unusable %s: authtray says %s (%s), the gateway lists nothing", p.ID, p.Unusable.Kind, p.Unusable.Reason)
			}
		}
	}
}

// stateMatches maps the gateway's per-profile status onto authtray's states:
// "static" (no expiry) is ok or unknown; the rest are named alike.
func stateMatches(gp gwProfile, state string, oauthRefreshes bool) (bool, string) {
	switch {
	case oauthRefreshes && gp.Type == "oauth" && gp.Status == "expired":
		return state == "ok", "ok (refreshes on next use: the documented difference)"
	case gp.Status == "static":
		return state == "ok" || state == "unknown", "ok or unknown"
	default:
		return state == gp.Status, gp.Status
	}
}

// worse orders exit codes as verdicts: 1 (expired/missing) over 2
// (expiring) over 0.
func worse(a, b int) int {
	rank := func(c int) int {
		switch c {
		case 0:
			return 0
		case 2:
			return 1
		default:
			return 2
		}
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

func variantName(agent string) string {
	if agent == "" {
		return "no --agent"
	}
	return "--agent " + agent
}

// runAuthtray runs the built binary on a scenario HOME with nothing else of
// this process's environment (but the scenario's extraEnv).
func runAuthtray(t *testing.T, home string, extraEnv []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := runCmd(ctx, append([]string{"PATH=/usr/bin:/bin", "HOME=" + home, "NO_COLOR=1"}, extraEnv...), "", append([]string{authtray}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// leaks returns the token bytes authtray printed: a whole fake secret, or
// its first or last 8 characters (what the gateway's mask shows), or the
// first 8 after its well-known prefix.
func leaks(r result) []string {
	out := string(r.stdout) + string(r.stderr)
	secrets.Lock()
	defer secrets.Unlock()
	var found []string
	for _, s := range secrets.all {
		v := s.value
		for _, n := range []string{v, v[:8], v[len(v)-8:], v[len(s.prefix) : len(s.prefix)+8]} {
			if strings.Contains(out, n) && !slices.Contains(found, n) {
				found = append(found, n)
			}
		}
	}
	return found
}

func readLog(b *builtScenario, name string) string {
	data, err := os.ReadFile(filepath.Join(b.logDir, name))
	if err != nil {
		return err.Error()
	}
	return string(data)
}

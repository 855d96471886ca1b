package gateway

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// The runtime state as the gateway coerces it (coerceAuthProfileState),
// each case checked against the real CLI's `models status --check`: a
// year's token (manual) and a two-hour one (second), so which one the
// state selects shows in the exit code (0 or 2). Ids and providers are
// trimmed as JavaScript trims (not U+0085); an order that keeps no id is
// no order; an entry that is not a record the gateway keeps leaves an
// earlier one of the same trimmed id; a state row that is not an object
// is ignored, with a row that says so and does not fail.
func TestStateAsTheGatewayCoercesIt(t *testing.T) {
	disabled := func(id string) string {
		return fmt.Sprintf(`{"usageStats": {%q: {"disabledUntil": %d, "disabledReason": "auth"}}}`, id, ms(5*time.Hour))
	}
	off := fmt.Sprintf(`{"disabledUntil": %d, "disabledReason": "auth"}`, ms(5*time.Hour))
	tests := []struct {
		name, state string
		exit        int
		ignored     bool // a row says the state is ignored
	}{
		{"no state", "", 0, false},
		{"null", "null", 0, false},
		{"not JSON", "{", 0, true},
		{"a number", "5", 0, true},
		{"a list", "[]", 0, true},
		{"a string", `"x"`, 0, true},
		{"an empty order is no order", `{"order": {"anthropic": []}}`, 0, false},
		{"order", `{"order": {"anthropic": ["anthropic:second"]}}`, 2, false},
		{"order ids trimmed", `{"order": {"anthropic": [" anthropic:second\t"]}}`, 2, false},
		{"order keeps its strings", `{"order": {"anthropic": ["anthropic:second", 5, null, ""]}}`, 2, false},
		{"order provider trimmed and lowered", `{"order": {" Anthropic ": ["anthropic:second"]}}`, 2, false},
		{"order not a list", `{"order": {"anthropic": "anthropic:second"}}`, 0, false},
		{"disabled", disabled("anthropic:manual"), 2, false},
		{"usage id trimmed", disabled(" anthropic:manual "), 2, false},
		{"usage id trimmed of a tab and newline", disabled("\tanthropic:manual\n"), 2, false},
		{"usage id trimmed of NBSP", disabled("\u00a0anthropic:manual"), 2, false},
		{"usage id trimmed of a BOM", disabled("\ufeffanthropic:manual"), 2, false},
		{"usage id keeps NEL", disabled("\u0085anthropic:manual"), 0, false},
		{"a later empty record leaves the earlier", `{"usageStats": {" anthropic:manual": ` + off + `, "anthropic:manual": {}}}`, 2, false},
		{"a later non-record leaves the earlier", `{"usageStats": {" anthropic:manual": ` + off + `, "anthropic:manual": 5}}`, 2, false},
		{"a later record replaces the earlier", `{"usageStats": {"anthropic:manual": ` + off + `, " anthropic:manual": {"lastUsed": 0}}}`, 0, false},
		{"a later record used more recently", `{"usageStats": {"anthropic:manual": ` + off + `, " anthropic:manual": {"lastUsed": 5}}}`, 2, false},
		{"a record of a blocked reason is kept", `{"usageStats": {"anthropic:manual": ` + off + `, " anthropic:manual": {"blockedReason": "subscription_limit"}}}`, 0, false},
		{"a record of a string count is not", `{"usageStats": {"anthropic:manual": ` + off + `, " anthropic:manual": {"errorCount": "3"}}}`, 2, false},
		{"an empty record first", `{"usageStats": {"anthropic:manual": {}, " anthropic:manual": ` + off + `}}`, 2, false},
		{"a duplicate key: JSON.parse keeps the last", `{"usageStats": {"anthropic:manual": ` + off + `, "anthropic:manual": 5}}`, 0, false},
		{"a record of ignored members only", `{"usageStats": {"anthropic:manual": ` + off + `, " anthropic:manual": {"nope": 1}}}`, 2, false},
		{"a record of a zero time is kept", `{"usageStats": {"anthropic:manual": ` + off + `, " anthropic:manual": {"lastProbeAt": 0}}}`, 0, false},
		{"a record of failure counts is kept", `{"usageStats": {"anthropic:manual": ` + off + `, " anthropic:manual": {"failureCounts": {"auth": 2}}}}`, 0, false},
		{"failure counts of nothing the gateway keeps", `{"usageStats": {"anthropic:manual": ` + off + `, " anthropic:manual": {"failureCounts": {"auth": 0, "nope": 3}}}}`, 2, false},
	}
	store := storeJSON(map[string]map[string]any{
		"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*24*time.Hour)),
		"anthropic:second": tokenCred("anthropic", fakeToken(2), ms(2*time.Hour)),
	})
	for _, where := range []string{"shared state row", "agent database"} {
		for _, tt := range tests {
			t.Run(where+"/"+tt.name, func(t *testing.T) {
				hm := newHome(t)
				hm.config(sonnet)
				if where == "shared state row" {
					hm.shared(store, tt.state)
				} else {
					hm.agentDB(".openclaw/agents/main/agent", store, tt.state)
				}
				s := profile.Snapshot{Profiles: Read(context.Background(), hm.input())}
				s.Finish(profile.Policy{Now: now, Zone: time.UTC})
				ignored := false
				for _, p := range s.Profiles {
					if p.State == profile.Error {
						t.Errorf("error row %s: %s", p.ID, p.Message)
					}
					ignored = ignored || p.State == profile.Unknown && p.ID == "auth state@.openclaw"+map[bool]string{true: "/main"}[where == "agent database"]
				}
				if got := profile.ExitCode(s.Status); got != tt.exit || ignored != tt.ignored {
					t.Errorf("exit %d, ignored-state row %v; want %d, %v", got, ignored, tt.exit, tt.ignored)
					for _, p := range s.Profiles {
						t.Logf("row %s %s %q", p.ID, p.State, p.Message)
					}
				}
			})
		}
	}
}

// jsEntries walks an object as Object.entries(JSON.parse(raw)) does.
func TestJSEntries(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`{}`, ""},
		{`{"b": 1, "a": 2}`, "b=1 a=2"},
		{`{"a": 1, "b": 2, "a": 3}`, "a=3 b=2"}, // the last value, at the first place
		{`{"x": 1, "10": 2, "2": 3, "01": 4, "4294967295": 5, "-1": 6}`, "2=3 10=2 x=1 01=4 4294967295=5 -1=6"},
		{`{"a\u0062": 1, "ab": 2}`, "ab=2"},
	}
	for _, tt := range tests {
		es, ok := jsEntries([]byte(tt.raw))
		var got []string
		for _, e := range es {
			got = append(got, e.key+"="+string(e.val))
		}
		if !ok || strings.Join(got, " ") != tt.want {
			t.Errorf("jsEntries(%s) = %q, %v; want %q", tt.raw, got, ok, tt.want)
		}
	}
	for _, raw := range []string{`[]`, `5`, `null`, ``} {
		if _, ok := jsEntries([]byte(raw)); ok {
			t.Errorf("jsEntries(%s): ok", raw)
		}
	}
}

// Config auth.order: the first key in the file's order that normalises to
// a provider wins (findNormalizedProviderValue), whatever a map's order.
func TestConfigOrderFirstKeyWins(t *testing.T) {
	for _, tt := range []struct{ cfg, want string }{
		{`{auth: {order: {Anthropic: ["a:1"], anthropic: ["a:2"]}}}`, "a:1"},
		{`{auth: {order: {anthropic: ["a:2"], " Anthropic ": ["a:1"]}}}`, "a:2"},
		{`{auth: {order: {"anthropic": [], "ANTHROPIC": ["a:1"]}}}`, ""},
	} {
		for range 20 { // a map's order would change between runs
			cfg, err := loadConfig(fsys.Fake{Files: map[string]string{"/c.json": tt.cfg}}, "/c.json", func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			ids, ok := cfg.authOrder()["anthropic"]
			if got := strings.Join(ids, ","); !ok || got != tt.want {
				t.Fatalf("%s: order %q (%v), want %q", tt.cfg, got, ok, tt.want)
			}
		}
	}
}

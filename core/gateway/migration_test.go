package gateway

import (
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// TestMigration ports assertAuthProfileMigrationReady as `models status`
// meets it. Every case with a gateway verdict was run against openclaw
// 2026.9.6 on a HOME built the same way (exit code, and the providers in its
// "affected providers" sentence).
func TestMigration(t *testing.T) {
	const d = 24 * time.Hour
	mainDir := ".openclaw/agents/main/agent"
	workDir := ".openclaw/agents/work/agent"
	token := func(id string, n int) string {
		return storeJSON(map[string]map[string]any{id: tokenCred("anthropic", fakeToken(n), ms(365*d))})
	}
	twoAgentCfg := func(hm *home) {
		hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {main: {}, work: {agentDir: "` + hm.path(workDir) + `"}}}}`)
	}
	// beside: a legacy file at rel beside a populated shared store.
	beside := func(rel, content string) func(hm *home) {
		return func(hm *home) {
			hm.config(sonnet)
			hm.shared(token("anthropic:manual", 1), "")
			hm.write(rel, content)
		}
	}
	// workFile: main and work, a populated shared store, and a legacy
	// file in work's dir.
	workFile := func(hm *home) {
		twoAgentCfg(hm)
		hm.shared(token("anthropic:manual", 1), "")
		hm.write(workDir+"/auth-profiles.json", token("anthropic:work", 3))
	}
	tests := []struct {
		name      string
		build     func(hm *home)
		agent     string
		exit      int
		migration bool   // a judged migration row
		scope     string // its affected providers
	}{
		// doctor --fix imports into the state DB; a stale copy put back
		// still blocks main, whose own agent DB is empty (gateway: 1).
		{"stale copy beside the state DB blocks main", beside(mainDir+"/auth-profiles.json", token("anthropic:manual", 1)),
			"", 1, true, "affected providers: anthropic"},
		// A provider no model uses still blocks: `models status` passes no
		// provider to the check (gateway: 1, "affected providers: openrouter").
		{"legacy file for a provider not in use", beside(mainDir+"/auth-profiles.json", storeJSON(map[string]map[string]any{"openrouter:default": keyCred("openrouter", fakeKey(2))})),
			"", 1, true, "affected providers: openrouter"},
		{"flat auth.json: scope unavailable", beside(mainDir+"/auth.json", `{"openrouter":{"type":"api_key","key":"x"}}`),
			"", 1, true, "all (legacy provider scope unavailable)"},
		{"legacy oauth.json of the main dir", beside(".openclaw/credentials/oauth.json", `{"anthropic":{"access":"x","refresh":"y","expires":1}}`),
			"", 1, true, "all (legacy provider scope unavailable)"},
		// The agent's own DB holds profiles: the file is leftover bytes
		// (gateway --agent work: 0).
		{"populated agent DB: the file is ignored", func(hm *home) {
			workFile(hm)
			hm.agentDB(workDir, token("anthropic:work", 2), "")
		}, "work", 0, false, ""},
		{"agent DB without profiles: blocked", func(hm *home) {
			workFile(hm)
			hm.agentDB(workDir, `{"version":1,"profiles":{}}`, "")
		}, "work", 1, true, "affected providers: anthropic"},
		// Another agent's file does not block main (gateway: 0) ...
		{"work's file does not block main", workFile, "main", 0, false, ""},
		// ... but blocks work, whose own store is empty (gateway: 1).
		{"work's own file blocks work", workFile, "work", 1, true, "affected providers: anthropic"},
		// Main's stale file: work reads the populated shared store and is
		// not blocked (gateway --agent work: 0) ...
		{"main's file, populated shared store: work runs", func(hm *home) {
			twoAgentCfg(hm)
			hm.shared(token("anthropic:manual", 1), "")
			hm.agentDB(workDir, token("anthropic:work", 2), "")
			hm.write(mainDir+"/auth-profiles.json", token("anthropic:manual", 1))
		}, "work", 0, false, ""},
		// ... unless the shared store is empty (gateway --agent work: 1).
		{"main's file, empty shared store: work blocked", func(hm *home) {
			twoAgentCfg(hm)
			hm.agentDB(workDir, token("anthropic:work", 2), "")
			hm.agentDB(mainDir, "", "")
			hm.write(mainDir+"/auth-profiles.json", token("anthropic:manual", 1))
		}, "work", 1, true, "affected providers: anthropic"},
		// The shared store in the main agent DB (legacy-main) holds the
		// profiles: main's stale file is ignored.
		{"legacy-main shared store populated", func(hm *home) {
			hm.config(sonnet)
			hm.agentDB(mainDir, token("anthropic:manual", 1), "")
			hm.write(mainDir+"/auth-profiles.json", token("anthropic:old", 2))
		}, "", 0, false, ""},
		// No database yet: the current gateway (its openclaw.json) reads
		// no legacy JSON as live and asks for the migration all the same
		// (openclaw 2026.9.6 on a ~/.openclaw holding only
		// agents/main/agent/auth-profiles.json: exit 1, "affected
		// providers: anthropic").
		{"no database: the current gateway asks for a migration", func(hm *home) {
			hm.config(sonnet)
			hm.write(mainDir+"/auth-profiles.json", token("anthropic:manual", 1))
		}, "", 1, true, "affected providers: anthropic"},
		{"no database and no config, openclaw installed", func(hm *home) {
			hm.installCLI(cliOpenClaw, "2026.9.6")
			hm.write(mainDir+"/auth-profiles.json", token("anthropic:manual", 1))
		}, "", 1, true, "affected providers: anthropic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			tt.build(hm)
			s := hm.readExit(tt.agent, tt.exit)
			var mig []profile.Profile
			for _, p := range s.Profiles {
				if strings.HasPrefix(p.ID, "migration@") && p.Judged {
					mig = append(mig, p)
				}
			}
			switch {
			case !tt.migration && len(mig) > 0:
				t.Errorf("judged migration row %s: %s", mig[0].ID, mig[0].Message)
			case tt.migration && len(mig) != 1:
				t.Errorf("%d judged migration rows, want 1", len(mig))
			case tt.migration && !strings.Contains(mig[0].Message, tt.scope):
				t.Errorf("message %q lacks %q", mig[0].Message, tt.scope)
			}
		})
	}
}

// TestLegacyProviders is readLegacyAuthProfileProviders on the shapes it
// scopes and the ones it gives up on.
func TestLegacyProviders(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"nested", `{"version":1,"profiles":{"b:x":{"type":"token","provider":"Anthropic","token":"t"},"a:y":{"type":"api_key","provider":"openrouter","key":"k"}}}`, "anthropic,openrouter"},
		{"codex adds openai", `{"profiles":{"c":{"type":"oauth","provider":"openai-codex","access":"a","refresh":"r","expires":5}}}`, "openai,openai-codex"},
		{"flat, type inferred", `{"anthropic":{"token":"t"},"openrouter":{"apiKey":"k"}}`, "anthropic,openrouter"},
		{"flat oauth needs access, refresh and expires", `{"anthropic":{"access":"a","refresh":"r"}}`, ""},
		{"flat without a secret", `{"anthropic":{"type":"token"}}`, ""},
		{"an unknown type", `{"profiles":{"x":{"type":"cookie","provider":"a"}}}`, ""},
		{"no provider", `{"profiles":{"x":{"type":"token","token":"t"}}}`, ""},
		{"odd provider id", `{"profiles":{"x":{"type":"token","provider":"a/b","token":"t"}}}`, ""},
		{"empty profiles", `{"profiles":{}}`, ""},
		{"not JSON", `{`, ""},
		{"array", `[]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			p := hm.write("auth-profiles.json", tt.json)
			got := strings.Join(legacyProviders(fsys.OS{}, []legacySource{{"auth-profiles", p}}, nil), ",")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	hm := newHome(t)
	p := hm.write("auth.json", `{"anthropic":{"token":"t"}}`)
	if got := legacyProviders(fsys.OS{}, []legacySource{{"legacy-auth", p}}, nil); got != nil {
		t.Errorf("auth.json scoped to %v; the gateway gives no scope for it", got)
	}
}

// The repair names the state dir when the CLI would not find it by itself:
// `openclaw doctor --fix` alone would migrate ~/.openclaw.
func TestMigrationFixNamesStateDir(t *testing.T) {
	token := storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*24*time.Hour))})
	for _, tt := range []struct {
		name, state, want string
	}{
		{"default state dir", "", "openclaw doctor --fix"},
		{"OPENCLAW_STATE_DIR", "gw", "env OPENCLAW_STATE_DIR=$HOME/gw openclaw doctor --fix"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			state := ".openclaw"
			if tt.state != "" {
				state = tt.state
				hm.env = map[string]string{"OPENCLAW_STATE_DIR": hm.path(state)}
			}
			hm.write(state+"/openclaw.json", sonnet)
			hm.stateDB(state, map[string]string{"auth.sharedStore": `{"location":"state-db"}`, "authProfiles.store": token})
			hm.write(state+"/agents/main/agent/auth-profiles.json", token)
			want := strings.ReplaceAll(tt.want, "$HOME", hm.dir)
			for _, p := range hm.read("").Profiles {
				if strings.HasPrefix(p.ID, "migration@") {
					if p.Fix != want || p.FixArgs != nil {
						t.Errorf("fix %q (argv %q), want %q and no argv", p.Fix, p.FixArgs, want)
					}
					return
				}
			}
			t.Fatal("no migration row")
		})
	}
}

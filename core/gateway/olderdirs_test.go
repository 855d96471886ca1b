package gateway

import (
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestOlderDirs: a ~/.clawdbot or ~/.moltbot of legacy JSON is judged by
// the gateway installed: the current openclaw refuses ~/.clawdbot until
// `openclaw doctor --fix` (legacy-clawdbot, openclaw 2026.9.6: exit 1) and
// ignores ~/.moltbot, judging an empty ~/.openclaw (exit 1); an older CLI
// reads its own dir's store as live (clawdbot 2026.1.24: any stored
// oauth/token profile expired or missing is exit 1, expiring 2); with none
// found it can't be confirmed (exit 1, never ok).
func TestOlderDirs(t *testing.T) {
	const d = 24 * time.Hour
	for _, valid := range []struct {
		name    string
		expires time.Duration
		exit    int // under the older CLI that reads it
		state   profile.State
	}{{"valid", 365 * d, 0, profile.OK}, {"expiring", 2 * time.Hour, 2, profile.Expiring}, {"expired", -time.Hour, 1, profile.Expired}} {
		for _, dir := range []string{".clawdbot", ".moltbot"} {
			owner := strings.TrimPrefix(dir, ".")
			for _, cli := range []string{cliOpenClaw, cliClawdbot, cliMoltbot, ""} {
				name := valid.name + "/" + dir + "/" + cli
				if cli == "" {
					name += "none"
				}
				t.Run(name, func(t *testing.T) {
					hm := newHome(t)
					hm.write(dir+"/"+owner+".json", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}}`)
					hm.write(dir+"/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:default": tokenCred("anthropic", fakeToken(1), ms(valid.expires))}))
					if cli != "" {
						hm.installCLI(cli, "2026.1.24")
					}
					s := hm.read("")
					p, _ := row(s, "anthropic:default")
					exit := profile.ExitCode(s.Status)
					switch {
					case cli == owner:
						if exit != valid.exit || !p.Judged || p.State != valid.state || !strings.HasPrefix(p.Fix, cli+" models auth ") {
							t.Errorf("exit %d, row %s judged %v fix %q; want exit %d, its own CLI's verdict and fix", exit, p.State, p.Judged, p.Fix, valid.exit)
						}
					case cli == cliOpenClaw && dir == ".clawdbot":
						m, _ := row(s, "migration")
						if exit != 1 || !m.Judged || m.Fix != "openclaw doctor --fix" {
							t.Errorf("exit %d, migration row %+v; want exit 1 and `openclaw doctor --fix` (the gateway picks ~/.clawdbot itself)", exit, m)
						}
					case cli == "":
						sd, _ := row(s, "state dir")
						if exit != 1 || sd.State != profile.Error || !sd.Judged || p.Judged || !strings.Contains(sd.Message, "can't be confirmed") {
							t.Errorf("exit %d, state dir row %+v, profile judged %v; want an unconfirmed error, exit 1", exit, sd, p.Judged)
						}
					default:
						// Another program reads another, empty, dir.
						sd, _ := row(s, "state dir")
						if exit != 1 || p.Judged || !strings.Contains(p.Note, profile.ShelvedNote) || sd.State != profile.Missing || !strings.Contains(sd.Message, "the installed "+cli) {
							t.Errorf("exit %d, profile judged %v note %q, state dir row %+v; want the older dir shelved, the installed CLI's empty dir judged", exit, p.Judged, p.Note, sd)
						}
					}
					if t.Failed() {
						for _, r := range s.Profiles {
							t.Logf("row %s %s judged=%v note=%q fix=%q msg=%q", r.ID, r.State, r.Judged, r.Note, r.Fix, r.Message)
						}
					}
				})
			}
		}
	}
}

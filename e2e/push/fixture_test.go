package pushe2e

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/e2efixture"
)

// fixture is a HOME with a Claude Code login good for 90 days and a gateway
// setup-token (anthropic:manual, agent main) expiring when the test says.
// The gateway is a clawdbot in the per-user npm prefix, whose store is the
// JSON file in ~/.clawdbot (as e2e/metrics' fixture).
type fixture struct {
	home    string
	store   string
	secrets []string
}

const profileID = "anthropic:manual"

func newFixture(t *testing.T, tokenLeft time.Duration) *fixture {
	t.Helper()
	f := &fixture{home: filepath.Join(t.TempDir(), "home")}
	f.store = e2efixture.InstallClawdbot(t, f.home)
	f.secrets = []string{
		"sk-ant-oat01-PUSHACCESSaaaaBBBBccccDDDDeeee0001", "sk-ant-ort01-PUSHREFRESHaaaaBBBBccccDDDDeeee0002",
		"sk-ant-oat01-PUSHMANUALaaaaBBBBccccDDDDeeee0003", "sk-ant-oat01-PUSHRENEWEDaaaaBBBBccccDDDDeeee0004",
	}
	now := time.Now()
	e2efixture.WriteClaudeLogin(t, filepath.Join(f.home, ".claude"), f.secrets[0], f.secrets[1], now.Add(8*time.Hour), now.Add(90*24*time.Hour))
	e2efixture.WriteJSON(t, filepath.Join(f.home, ".claude.json"), map[string]any{"oauthAccount": map[string]any{"emailAddress": "tester@example.com"}})
	f.writeStore(t, f.secrets[2], now.Add(tokenLeft))
	return f
}

// writeStore writes the gateway store as the gateway does: a new file
// renamed over the old.
func (f *fixture) writeStore(t *testing.T, token string, expires time.Time) {
	t.Helper()
	e2efixture.WriteJSON(t, f.store, map[string]any{"version": 1, "profiles": map[string]any{
		profileID: map[string]any{"type": "token", "provider": "anthropic", "token": token, "expires": expires.UnixMilli()},
	}})
}

// renew replaces the token with one good for 30 days.
func (f *fixture) renew(t *testing.T) { f.writeStore(t, f.secrets[3], time.Now().Add(30*24*time.Hour)) }

// noLeak fails if an 8-byte piece of a secret (past its kind prefix) is in
// text.
func (f *fixture) noLeak(t *testing.T, what, text string) {
	e2efixture.NoLeak(t, f.secrets, what, text)
}

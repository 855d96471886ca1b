package desktope2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/authtray/authtray/internal/e2efixture"
)

// fakeToken is token-shaped and obviously fake; kind is "oat", "ort" or "api".
func fakeToken(kind, tag string) string {
	return "sk-ant-" + kind + "01-" + tag + strings.Repeat("FAKEfake", 5)
}

// fixture is a HOME with Claude Code's login and a gateway's state DB.
type fixture struct {
	home    string
	secrets []string // every token written, for the no-leak checks
}

// newFixture writes a HOME whose Claude Code login ends in loginLeft (its
// access token is good for an hour and refreshes itself) and whose gateway
// has one setup-token profile, anthropic:manual, the default model's
// credential, that expires in gwLeft (negative: expired that long ago).
func newFixture(t *testing.T, dir string, now time.Time, loginLeft, gwLeft time.Duration) *fixture {
	t.Helper()
	f := &fixture{home: filepath.Join(dir, "home")}
	for _, p := range []string{".claude", ".openclaw/state", ".config", ".local/state"} {
		if err := os.MkdirAll(filepath.Join(f.home, p), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	f.writeLogin(t, now, "A", loginLeft)

	f.write(t, ".openclaw/openclaw.json", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}}`)
	manual := fakeToken("oat", "MANUAL")
	f.secrets = append(f.secrets, manual)
	store := map[string]any{"version": 1, "profiles": map[string]any{
		"anthropic:manual": map[string]any{"type": "token", "provider": "anthropic", "token": manual, "expires": now.Add(gwLeft).UnixMilli()},
	}}
	e2efixture.WriteGatewayDB(t, filepath.Join(f.home, ".openclaw", "state", "openclaw.sqlite"), store)
	return f
}

// writeLogin replaces ~/.claude/.credentials.json the way Claude Code does:
// a temp file in the same directory, then rename.
func (f *fixture) writeLogin(t *testing.T, now time.Time, tag string, loginLeft time.Duration) {
	t.Helper()
	f.writeLoginIn(t, ".claude", now, tag, loginLeft)
}

// writeLoginIn does the same in the config dir rel (under HOME).
func (f *fixture) writeLoginIn(t *testing.T, rel string, now time.Time, tag string, loginLeft time.Duration) {
	t.Helper()
	access, refresh := fakeToken("oat", "CLAUDE"+tag), fakeToken("ort", "CLAUDE"+tag)
	f.secrets = append(f.secrets, access, refresh)
	e2efixture.WriteClaudeLogin(t, filepath.Join(f.home, rel), access, refresh, now.Add(time.Hour), now.Add(loginLeft))
}

func (f *fixture) write(t *testing.T, rel, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(f.home, rel), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// env is the fixture HOME's environment: HOME and the XDG dirs inside it.
func (f *fixture) env() []string { return homeEnv(f.home) }

// leaks returns the secrets of which an 8-byte piece (past the common
// "sk-ant-xxx01-" prefix) appears in text.
func (f *fixture) leaks(text string) []string {
	var out []string
	for _, s := range f.secrets {
		body := s[len("sk-ant-oat01-"):]
		for i := 0; i+8 <= len(body); i++ {
			if strings.Contains(text, body[i:i+8]) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

package claude

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// TestAgreesWithClaudeAuthStatus runs the wall Claude Code on fixture HOMEs
// and checks authtray agrees with `claude auth status` where it is an
// oracle: whenever Claude Code says logged out, authtray's row is missing
// or error; whenever it says logged in, the row is not missing (authtray is
// finer there: a login past its end is expired, a string expiry an error).
// It needs the claude binary (npm @anthropic-ai/claude-code, runs offline):
// $AUTHTRAY_CLAUDE_BIN or claude on PATH. It is not part of CI: it skips
// without the binary, also when CI=true.
func TestAgreesWithClaudeAuthStatus(t *testing.T) {
	bin := os.Getenv("AUTHTRAY_CLAUDE_BIN")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("claude"); err != nil {
			t.Skip("claude not installed (npm install @anthropic-ai/claude-code; set AUTHTRAY_CLAUDE_BIN)")
		}
	}
	wall := time.Now()
	future, past := wall.Add(5*time.Hour).UnixMilli(), wall.Add(-5*time.Hour).UnixMilli()
	cases := map[string]string{
		"live":                creds(map[string]any{"expiresAt": future, "refreshTokenExpiresAt": wall.Add(20 * 24 * time.Hour).UnixMilli()}),
		"idle expired access": creds(map[string]any{"expiresAt": past, "refreshTokenExpiresAt": wall.Add(20 * 24 * time.Hour).UnixMilli()}),
		"past login end":      creds(map[string]any{"expiresAt": past, "refreshTokenExpiresAt": past}),
		"no refresh token":    creds(map[string]any{"expiresAt": past, "refreshToken": ""}),
		"blanked":             creds(map[string]any{"accessToken": "", "refreshToken": "", "expiresAt": 0, "loginEnded": "time_limit"}),
		"empty object":        `{}`,
		"malformed":           "{\"claudeAiOauth\": {\n",
		"no file":             "",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := t.TempDir()
			dir := filepath.Join(h, ".claude")
			must(t, os.MkdirAll(dir, 0o700))
			if name != "no file" {
				must(t, os.WriteFile(filepath.Join(dir, CredentialsFile), []byte(body), 0o600))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "auth", "status")
			cmd.Env = []string{"HOME=" + h, "PATH=/usr/bin:/bin", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1"}
			cmd.Dir = h
			out, _ := cmd.Output()
			var st struct {
				LoggedIn *bool `json:"loggedIn"`
			}
			if json.Unmarshal(out, &st) != nil || st.LoggedIn == nil {
				t.Fatalf("claude auth status printed no status JSON (exit %d)", cmd.ProcessState.ExitCode())
			}
			if (cmd.ProcessState.ExitCode() == 0) != *st.LoggedIn {
				t.Fatalf("exit %d with loggedIn %v", cmd.ProcessState.ExitCode(), *st.LoggedIn)
			}
			ps := Read(context.Background(), Input{Home: h, FS: fsys.OS{}})
			if len(ps) != 1 {
				t.Fatalf("%d rows", len(ps))
			}
			p := ps[0]
			profile.Judge(&p, profile.Policy{Now: wall})
			out1 := p.State == profile.Missing || p.State == profile.Expired || p.State == profile.Error
			if !*st.LoggedIn && !out1 {
				t.Errorf("claude says logged out, authtray says %s (%s)", p.State, p.Message)
			}
			if *st.LoggedIn && p.State == profile.Missing {
				t.Errorf("claude says logged in, authtray says missing (%s)", p.Message)
			}
			t.Logf("claude loggedIn=%v; authtray %s: %s", *st.LoggedIn, p.State, p.Message)
		})
	}
}

package remote

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestScriptsUnderLoginShells runs each remote command line as the host's
// login shell would (ssh hands it to `$SHELL -c`), under every shell at
// hand, fish included: each must reach sh and run the program with the
// overrides intact, whatever they contain.
func TestScriptsUnderLoginShells(t *testing.T) {
	home := t.TempDir()
	bin := filepath.Join(home, ".local", "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	// Each stub prints its name, its arguments one a line, and the dirs.
	stub := `#!/bin/sh
basename "$0"; for a in "$@"; do printf 'arg:%s\n' "$a"; done
printf 'state:%s\nclaude:%s\n' "$OPENCLAW_STATE_DIR" "$CLAUDE_CONFIG_DIR"
`
	for _, n := range []string{"authtray", "openclaw", "claude"} {
		if err := os.WriteFile(filepath.Join(bin, n), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	o := Overrides{StateDir: `/srv/it's $HOME; \n \\ "x"`, ClaudeDir: `/c d/*/\'`}
	tests := []struct {
		name, line string
		want       []string
	}{
		{"status", StatusCommand(o), []string{"authtray", "arg:status", "arg:--json", "arg:--state-dir", "arg:" + o.StateDir, "arg:--claude-dir", "arg:" + o.ClaudeDir}},
		{"watch", WatchCommand(o), []string{"authtray", "arg:watch", "arg:--json", "arg:--until-eof", "arg:--state-dir", "arg:" + o.StateDir, "arg:--claude-dir", "arg:" + o.ClaudeDir}},
		{"gateway", GatewayCommand(o), []string{GatewayCLIMarker + "openclaw", "openclaw", "arg:models", "arg:status", "arg:--json", "arg:--check", "state:" + o.StateDir}},
		{"claude", ClaudeCommand(o), []string{"claude", "arg:auth", "arg:status", "state:", "claude:" + o.ClaudeDir}},
	}
	shells := 0
	for _, sh := range []string{"sh", "dash", "bash", "zsh", "fish"} {
		path, err := exec.LookPath(sh)
		if err != nil {
			continue
		}
		shells++
		for _, tt := range tests {
			if !strings.HasPrefix(tt.line, "sh -c '") {
				t.Errorf("%s: %q does not run under sh -c", tt.name, tt.line)
			}
			cmd := exec.Command(path, "-c", tt.line)
			cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
			out, err := cmd.CombinedOutput()
			got := strings.Split(strings.TrimSpace(string(out)), "\n")
			want := strings.Join(tt.want, "\n")
			if err != nil || !strings.HasPrefix(strings.Join(got, "\n"), want) {
				t.Errorf("%s -c %s: %v\n got: %q\nwant: %q", sh, tt.name, err, got, tt.want)
			}
		}
	}
	if shells == 0 {
		t.Skip("no shell found")
	}
}

func TestGatewayCLIFrom(t *testing.T) {
	for stderr, want := range map[string]string{
		GatewayCLIMarker + "moltbot\nsome warning\n":                           "moltbot",
		"Warning: Permanently added 'vps'\n" + GatewayCLIMarker + "clawdbot\n": "clawdbot",
		GatewayCLIMarker + "rm -rf /\n":                                        "",
		"no gateway CLI (openclaw, moltbot or clawdbot) on PATH\n":             "",
		"": "",
	} {
		if got := GatewayCLIFrom(stderr); got != want {
			t.Errorf("GatewayCLIFrom(%q) = %q, want %q", stderr, got, want)
		}
	}
}

package remote

import (
	"strings"

	"github.com/authtray/authtray/core/gateway"
)

// Overrides are a host's configured dirs, passed to the remote commands.
type Overrides struct {
	StateDir  string // gateway state dir (OPENCLAW_STATE_DIR / --state-dir)
	ClaudeDir string // Claude Code config dir (CLAUDE_CONFIG_DIR / --claude-dir)
}

// remotePath is prepended to the remote PATH. ssh runs commands in a
// non-interactive shell, which often skips the profile files that add
// per-user bin dirs; these are the places `go install`, `npm -g` with a user
// prefix, pipx/uv, Homebrew and the install scripts put authtray, openclaw
// and claude.
const remotePath = `PATH="$HOME/.local/bin:$HOME/go/bin:$HOME/.npm-global/bin:$HOME/.claude/local:/opt/homebrew/bin:/usr/local/bin:$PATH"; export PATH; `

// NotFound is the exit status a POSIX shell gives a command it cannot find;
// the remote scripts also use it when no candidate program exists.
const NotFound = 127

// WatchCommand is the remote command line for a live session: the host's own
// authtray, streaming one JSON snapshot per line. --until-eof ends it when
// the session's stdin closes, so a dropped connection leaves no process
// behind on the host.
func WatchCommand(o Overrides) string {
	return posix(remotePath + "exec authtray watch --json --until-eof" + o.flags())
}

// StatusCommand is the one-shot form: the host's own authtray, once.
func StatusCommand(o Overrides) string {
	return posix(remotePath + "exec authtray status --json" + o.flags())
}

// InteractiveCommand is the remote command line that runs script (words
// already quoted for sh, e.g. `exec claude setup-token`) in a terminal
// session: under sh, with the PATH the other remote commands have, so a
// re-auth finds the claude or openclaw the host was read with.
func InteractiveCommand(script string) string { return posix(remotePath + script) }

// posix wraps a script for the remote login shell, which ssh hands the
// command line to and which may be fish or csh rather than a POSIX shell:
// `sh -c '…'`, quoted so that every one of them passes the script to sh
// unchanged.
func posix(script string) string { return "sh -c " + Quote(script) }

func (o Overrides) flags() string {
	var b strings.Builder
	if o.StateDir != "" {
		b.WriteString(" --state-dir " + Quote(o.StateDir))
	}
	if o.ClaudeDir != "" {
		b.WriteString(" --claude-dir " + Quote(o.ClaudeDir))
	}
	return b.String()
}

// GatewayCommand runs the gateway's own `models status --json --check` on a
// host without authtray, under whichever name the installed gateway has (it
// was Clawdbot, then Moltbot, then OpenClaw). It prints the status JSON and
// exits with the check's verdict (0 ok, 1 expired or missing, 2 expiring),
// which ParseGateway takes as the host's verdict: 1 and 2 are answers, not
// failures. Exit 127 with a sentence on stderr when none is installed.
//
// Before the CLI runs, the script prints GatewayCLIMarker and its name as
// the first line of stderr, so a fix built here runs the same CLI.
func GatewayCommand(o Overrides) string {
	env := ""
	if o.StateDir != "" {
		env = "OPENCLAW_STATE_DIR=" + Quote(o.StateDir) + " "
	}
	return posix(remotePath + `for c in openclaw moltbot clawdbot; do if command -v "$c" >/dev/null 2>&1; then ` +
		`echo "` + GatewayCLIMarker + `$c" >&2; ` +
		env + `exec "$c" models status --json --check; fi; done; ` +
		`echo "no gateway CLI (openclaw, moltbot or clawdbot) on PATH" >&2; exit 127`)
}

// ClaudeCommand runs `claude auth status` (JSON; it reads stored state only
// and never refreshes) on a host without authtray. Exit 127 when Claude
// Code is not installed there, which is not an error: many gateway hosts
// have no Claude Code.
func ClaudeCommand(o Overrides) string {
	env := "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 "
	if o.ClaudeDir != "" {
		env += "CLAUDE_CONFIG_DIR=" + Quote(o.ClaudeDir) + " "
	}
	return posix(remotePath + `if command -v claude >/dev/null 2>&1; then ` + env +
		`exec claude auth status; fi; echo "claude not on PATH" >&2; exit 127`)
}

// GatewayCLIMarker starts the stderr line of GatewayCommand that names the
// CLI it runs.
const GatewayCLIMarker = "authtray: gateway cli: "

// GatewayCLIFrom is the CLI GatewayCommand's stderr names (on a line of its
// own, which ssh's warnings may precede), "" when none of the known ones.
func GatewayCLIFrom(stderr string) string {
	for line := range strings.Lines(stderr) {
		if c, ok := strings.CutPrefix(strings.TrimSpace(line), GatewayCLIMarker); ok {
			if gateway.IsCLI(c) {
				return c
			}
			return ""
		}
	}
	return ""
}

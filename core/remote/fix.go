package remote

import (
	"strings"

	"github.com/authtray/authtray/core/gateway"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/core/sshdest"
)

// Limits on a fix argv and environment a host sends (fixArgs, fixEnv).
const (
	MaxFixArgs = 32
	MaxFixEnv  = 4
	MaxFixWord = profile.MaxFixWord
	// MaxFixBytes bounds the words and variables together, so the fix
	// text shown for them stays a line.
	MaxFixBytes = 400
)

// fixVars are the variables a remote fix may set.
var fixVars = map[string]bool{"OPENCLAW_STATE_DIR": true, "OPENCLAW_CONFIG_PATH": true, "CLAUDE_CONFIG_DIR": true}

// cleanFix keeps a fix argv and environment sent by a host only when they
// are what an authtray prints: a known program (claude or a gateway CLI)
// with plain words, or the setup-token chain (profile.TokenChainScript, word
// for word) running such a command; and only known variables, whose values
// (paths) hold no control character, quote, backslash, $ or `. Anything
// else drops both.
func cleanFix(env, args []string) ([]string, []string, bool) {
	if len(args) == 0 || len(args) > MaxFixArgs || len(env) > MaxFixEnv {
		return nil, nil, false
	}
	total := 0
	for _, w := range append(append([]string(nil), env...), args...) {
		total += len(w) + 1
	}
	if total > MaxFixBytes {
		return nil, nil, false
	}
	cmd := args
	if len(args) > 4 && args[0] == "sh" && args[1] == "-c" && args[2] == profile.TokenChainScript && args[3] == "sh" {
		cmd = args[4:]
		if !gateway.IsCLI(cmd[0]) {
			return nil, nil, false
		}
	}
	if !gateway.IsCLI(cmd[0]) && cmd[0] != "claude" {
		return nil, nil, false
	}
	for _, w := range cmd {
		if !profile.PlainWord(w) {
			return nil, nil, false
		}
	}
	for _, e := range env {
		name, value, ok := strings.Cut(e, "=")
		if !ok || !fixVars[name] || value == "" || len(value) > MaxFixWord || safetext.Line(value) != value || strings.ContainsAny(value, "\t\n'\"\\$`") {
			return nil, nil, false
		}
	}
	return append([]string(nil), env...), append([]string(nil), args...), true
}

// RemoteFixArgs is the text of a fix that runs args with env on dest, for a
// person to paste into a local shell: `ssh -t DEST -- '<command>'`, the
// command being the host's shell line (Fix as the host's authtray prints
// it), quoted as one word for the local shell; ssh hands it to the remote
// shell. "" without a destination.
func RemoteFixArgs(dest sshdest.Dest, env, args []string) string {
	if dest.IsZero() || len(args) == 0 {
		return ""
	}
	line := profile.ShellCommand(env, args)
	if len(args) > 4 && args[0] == "sh" && args[2] == profile.TokenChainScript {
		line = "claude setup-token && " + profile.ShellCommand(env, args[4:])
	}
	return "ssh -t " + dest.String() + " -- " + profile.ShellQuote(line)
}

package tray

import (
	"strings"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/source"
)

// FixFor is what the row of p's credential runs from the menu ("Sign in
// again…", "Re-authenticate…"), for a notification about p: the same
// Action, with the row as it is in s now (its host's destination, its
// current fix) when s still has it. ok is false when the credential has no
// fix to run here (an API key, another provider's token, an unreadable
// store).
func FixFor(s profile.Snapshot, p profile.Profile, o Options) (Action, bool) {
	key := p.Key()
	for _, q := range s.Profiles {
		if q.Key() == key {
			p = q
			break
		}
	}
	if p.State == profile.Error || p.State == profile.Unreachable || isHostRow(p) {
		return Action{}, false
	}
	var host profile.Host
	for _, h := range s.Hosts {
		if h.Name == p.Host {
			host = h
		}
	}
	a, _, ok := rowFix(p, host, o)
	return a, ok
}

// rowFix is the fix of p's row, here or on its host.
func rowFix(p profile.Profile, host profile.Host, o Options) (Action, string, bool) {
	if p.Host != "" {
		return remoteFixAction(p, host, o.HostClaudeDirs[p.Host])
	}
	return fixAction(p, o)
}

// fixAction is the terminal command that renews this profile's
// credential, as its source says (core/source): a sign-in for a login, the
// row's own fix where the gateway's CLI that runs it is installed, else a
// new setup-token.
func fixAction(p profile.Profile, o Options) (Action, string, bool) {
	r := source.Of(p.Source).Renew(p)
	switch {
	case r == profile.RenewLogin:
		// The row's own config dir: without its variable, `claude auth
		// login` would sign in ~/.claude (or the tray's CLAUDE_CONFIG_DIR).
		return Action{Kind: Reauth, Args: loginArgs, Title: loginTitle, Env: p.FixEnv}, LabelRowLogin, true
	case p.Kind == profile.APIKey:
		return Action{}, "", false // an API key is replaced in the console, not here
	case p.Provider != "" && p.Provider != "anthropic":
		return Action{}, "", false
	case r == profile.RenewFix && o.GatewayCLI != "" && len(p.FixArgs) > 0:
		// The row's own fix, word for word: its agent, its state dir.
		return Action{Kind: Reauth, Args: p.FixArgs, Title: gatewayTokenTitle, Env: p.FixEnv}, LabelRowReauth, true
	default:
		return Action{Kind: Reauth, Args: setupTokenArgs, Title: setupTokenTitle}, LabelRowReauth, true
	}
}

// remoteFixAction is the command that renews a remote profile's credential,
// run on its host through ssh in a local terminal. Only Anthropic
// credentials are renewed this way, as locally. claudeDir is the host's
// claude_config_dir setting.
func remoteFixAction(p profile.Profile, host profile.Host, claudeDir string) (Action, string, bool) {
	on := " on " + p.Host
	dest := host.Destination
	r := source.Of(p.Source).Renew(p)
	switch {
	case dest.IsZero() || p.Kind == profile.APIKey || (p.Provider != "" && p.Provider != "anthropic"):
		return Action{}, "", false
	case r == profile.RenewLogin && p.Kind == profile.OAuth:
		var env []string
		if dir := remoteClaudeDir(p, host, claudeDir); dir != "" {
			env = []string{ClaudeDirVar + "=" + dir}
		}
		return Action{Kind: Reauth, Args: loginArgs, Title: loginTitle + on, Remote: dest, Env: env}, LabelRowLogin, true
	case r == profile.RenewFix && len(p.FixArgs) > 0:
		// The row's own fix, run on the host: its agent, its state dir,
		// the CLI installed there (core/remote checked every word).
		return Action{Kind: Reauth, Args: p.FixArgs, Title: gatewayTokenTitle + on, Remote: dest, Env: p.FixEnv}, LabelRowReauth, true
	case r == profile.RenewFix:
		return Action{}, "", false // no command known to be right for it
	default:
		return Action{Kind: Reauth, Args: setupTokenArgs, Title: setupTokenTitle + on, Remote: dest}, LabelRowReauth, true
	}
}

// remoteClaudeDir is the config dir a remote Claude Code login lives in, ""
// for the host's ~/.claude. A host's authtray names other dirs in the id
// ("claude-code:~/work", read there with --claude-dir set to the host's
// claude_config_dir); without authtray, the one row `claude auth status`
// gives is for claude_config_dir when it is set. A "~/…" dir is kept as
// written: the ssh command expands it to the host's $HOME (see
// sshx.Command.Interactive).
func remoteClaudeDir(p profile.Profile, host profile.Host, claudeDir string) string {
	if dir, ok := strings.CutPrefix(p.ID, "claude-code:"); ok {
		if claudeDir != "" {
			return claudeDir
		}
		return dir
	}
	if host.Via != remote.ViaWatch && host.Via != remote.ViaStatus {
		return claudeDir
	}
	return ""
}

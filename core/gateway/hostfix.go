package gateway

import (
	"slices"

	"github.com/authtray/authtray/core/profile"
)

// CLIs are the gateway's command-line programs, current and of earlier
// eras: the programs a fix may run.
var CLIs = []string{"openclaw", "moltbot", "clawdbot"}

// IsCLI reports whether name is one of the gateway's CLIs.
func IsCLI(name string) bool { return slices.Contains(CLIs, name) }

// HostFix sets p's FixArgs and FixEnv to the command that renews a gateway
// credential of this type, provider and id for agent on another machine
// whose gateway CLI is cli (openclaw when it is none of CLIs), with
// OPENCLAW_STATE_DIR=stateDir when set (the host's state_dir setting). As
// for a local gateway (gatewayFix.set): an Anthropic token or OAuth
// profile is renewed by claude setup-token pasted into the same profile
// for a year (openclaw only; older CLIs keep their setup-token), and every
// command names its agent when it is known. Words from the host that are
// not plain (profile.PlainWord) leave p without a command.
func HostFix(p *profile.Profile, cli, typ, agent, stateDir string) {
	if !IsCLI(cli) {
		cli = "openclaw"
	}
	provider, id := p.Provider, p.ID
	if provider == "" {
		provider = "anthropic"
	}
	if !profile.PlainWord(provider) || (id != "" && !profile.PlainWord(id)) || (agent != "" && !profile.PlainWord(agent)) {
		return
	}
	var env []string
	if stateDir != "" && cli == "openclaw" {
		env = []string{"OPENCLAW_STATE_DIR=" + stateDir}
	}
	args, chain := FixCommand(cli, typ, provider, id, agent)
	if chain {
		profile.SetTokenChainFix(p, env, args)
	} else {
		profile.SetFix(p, env, args)
	}
}

package gateway

import (
	"slices"
	"strings"

	"github.com/authtray/authtray/core/profile"
)

// ID is the Source of the gateway's auth profiles.
const ID = profile.Gateway

// Source is what the views ask of the gateway's rows (core/source lists
// it): they are grouped per state dir and agent, a notification names the
// agent, and a row is renewed by its own fix (the gateway's CLI stores the
// new token in the same profile).
type Source struct{}

// ID is the Source of the rows.
func (Source) ID() profile.Source { return ID }

// Group is a gateway row's group title without its host: "Gateway", then
// its state dir when the rows of its host come from more than one, or when
// the gateway does not read it ("Gateway (~/.moltbot, not read by the
// gateway)"), then " · agent <id>" for a row of an agent. The title says
// it all: there is no store to add.
func (Source) Group(p profile.Profile, g profile.Groups) (title, store string) {
	t := "Gateway"
	shelved := strings.Contains(p.Note, profile.ShelvedNote)
	if p.StateDir != "" && (g.SeveralDirs(p) || shelved) {
		q := g.Tilde(p.StateDir)
		if shelved {
			q += ", " + profile.ShelvedNote
		}
		t += " (" + q + ")"
	}
	if p.Agent != "" {
		t += " · agent " + p.Agent
	}
	return t, ""
}

// Where names the agent a row is for; a shared store belongs to no agent,
// so the agents that use it are named ("agents a, b"), or "gateway" when
// none does.
func (Source) Where(p profile.Profile) string {
	if p.Agent != "" {
		return "agent " + p.Agent
	}
	var agents []string
	for _, u := range p.UsedBy {
		if u.Agent != "" && !slices.Contains(agents, u.Agent) {
			agents = append(agents, u.Agent)
		}
	}
	switch len(agents) {
	case 0:
		return "gateway"
	case 1:
		return "agent " + agents[0]
	}
	return "agents " + strings.Join(agents, ", ")
}

// Renew: a gateway row's own fix stores the new token in its profile.
func (Source) Renew(profile.Profile) profile.Renewal { return profile.RenewFix }

// Decode builds, for a token or OAuth row that a host's authtray sent
// without a command it could run (an older authtray sends none), the
// command a row read here would have: with the CLI its fix text (p.Fix,
// as the host printed it) names, and the host's state_dir setting.
func (Source) Decode(p *profile.Profile, h profile.Origin) {
	if len(p.FixArgs) > 0 || (p.Kind != profile.Token && p.Kind != profile.OAuth) || p.State == profile.Error {
		return
	}
	cli, _, _ := strings.Cut(strings.TrimSpace(p.Fix), " ")
	HostFix(p, cli, string(p.Kind), p.Agent, h.StateDir)
}

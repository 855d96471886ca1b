package remote

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"time"

	"github.com/authtray/authtray/core/gateway"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext"
)

// gatewayStatus is the part of `openclaw models status --json` that is
// mapped. The gateway's output also carries masked secrets (the first and
// last 8 characters of every key and token, in auth.providers[].profiles
// .labels, .effective.detail, .env.value, and each profile's label): none of
// those fields is declared here, so none is ever decoded, kept or shown.
type gatewayStatus struct {
	AgentID  string `json:"agentId"`
	AgentDir string `json:"agentDir"`
	Auth     *struct {
		StorePath             string   `json:"storePath"`
		MissingProvidersInUse []string `json:"missingProvidersInUse"`
		ModelRouteIssues      []struct {
			Kind     string `json:"kind"`
			Provider string `json:"provider"`
		} `json:"modelRouteIssues"`
		UnusableProfiles []struct {
			ProfileID string `json:"profileId"`
			Kind      string `json:"kind"`
			Reason    string `json:"reason"`
			Until     *int64 `json:"until"`
		} `json:"unusableProfiles"`
		OAuth struct {
			Profiles  []gatewayProfile `json:"profiles"`
			Providers []struct {
				Provider          string           `json:"provider"`
				EffectiveProfiles []gatewayProfile `json:"effectiveProfiles"`
			} `json:"providers"`
		} `json:"oauth"`
	} `json:"auth"`
	// A failing command prints {"ok":false,"error":{"message":…}}.
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

type gatewayProfile struct {
	ProfileID string `json:"profileId"`
	Provider  string `json:"provider"`
	Type      string `json:"type"`
	Status    string `json:"status"`
	ExpiresAt *int64 `json:"expiresAt"`
}

// GatewayNote says on every fallback row how the host is read.
const GatewayNote = "read via openclaw models status — install authtray on the host for live updates"

// ParseGateway maps the output of `openclaw models status --json --check`
// (exit 0 ok, 1 expired or missing, 2 expiring) from a host without
// authtray to rows. The gateway's own exit code is the verdict: per
// provider, the first of its effective profiles is the one the gateway
// selects and is judged, as long as its state agrees with the exit code;
// every other profile is shown but not judged. Providers in use with no
// credential become synthetic missing rows, and a failing or expiring check
// that no row explains gets one row that says so, so the host's verdict is
// always the gateway's.
func ParseGateway(out []byte, exit int, r Remote) ([]profile.Profile, error) {
	gs, err := decodeGatewayStatus(out, exit)
	if err != nil {
		return nil, err
	}
	a := gs.Auth
	if len(a.OAuth.Profiles) > MaxRows {
		return nil, fmt.Errorf("the gateway listed %d profiles, more than the %d accepted", len(a.OAuth.Profiles), MaxRows)
	}
	location := safetext.Line(a.StorePath)
	rows := gs.profileRows(exit, r, location)
	for _, prov := range a.MissingProvidersInUse {
		rows = append(rows, synthetic(r, location, safetext.Line(prov), profile.Missing, "No credential for a provider in use ("+safetext.Line(prov)+")"))
	}
	return explain(rows, gs, exit, r, location), nil
}

// decodeGatewayStatus checks the output's size, JSON, auth section and
// exit code.
func decodeGatewayStatus(out []byte, exit int) (gatewayStatus, error) {
	var gs gatewayStatus
	if len(out) > MaxOutput {
		return gs, fmt.Errorf("the gateway printed more than %d MiB", MaxOutput>>20)
	}
	out = bytes.TrimSpace(out)
	if len(out) == 0 || out[0] != '{' || json.Unmarshal(out, &gs) != nil {
		if exit != 0 && exit != 2 {
			return gs, fmt.Errorf("openclaw models status exited with status %d and printed no JSON", exit)
		}
		return gs, errors.New("openclaw models status printed something that is not JSON")
	}
	if gs.Error != nil {
		return gs, fmt.Errorf("the gateway says: %s", safetext.Line(gs.Error.Message))
	}
	if gs.Auth == nil {
		return gs, errors.New("openclaw models status printed JSON without an auth section")
	}
	if exit < 0 || exit > 2 {
		return gs, fmt.Errorf("openclaw models status exited with status %d", exit)
	}
	return gs, nil
}

// profileRows are the gateway's profiles: per provider, the first of its
// effective profiles is the one the gateway selects, judged while its
// state agrees with the exit code.
func (gs gatewayStatus) profileRows(exit int, r Remote, location string) []profile.Profile {
	a := gs.Auth
	agent := gs.agent()
	selected := map[string]bool{}
	for _, pv := range a.OAuth.Providers {
		if len(pv.EffectiveProfiles) > 0 {
			selected[pv.EffectiveProfiles[0].ProfileID] = true
		}
	}
	unusable := map[string]*profile.Unusable{}
	for _, u := range a.UnusableProfiles {
		if u.Kind != "disabled" && u.Kind != "cooldown" {
			continue
		}
		unusable[u.ProfileID] = &profile.Unusable{Kind: u.Kind, Reason: safetext.Line(u.Reason), Until: msTime(u.Until)}
	}

	var rows []profile.Profile
	for _, gp := range a.OAuth.Profiles {
		p := profile.Profile{
			ID:       safetext.Line(gp.ProfileID),
			Provider: safetext.Line(gp.Provider),
			Source:   profile.Gateway,
			Location: location,
			Host:     r.Name,
			Note:     GatewayNote,
			UsedBy:   []profile.Use{},
			Unusable: unusable[gp.ProfileID],
		}
		var known bool
		if p.Kind, known = knownKinds[gp.Type]; !known || p.Kind == "" {
			p.Kind = ""
		}
		p.ExpiresAt = msTime(gp.ExpiresAt)
		p.State = gatewayState(gp.Status, p.Kind)
		p.Judged = selected[gp.ProfileID] && agrees(p.State, exit)
		if p.Judged && exit == 1 && p.Unusable != nil && !bad(p.State) {
			// The selected credential was stopped by the gateway: the
			// check fails on it even though its expiry is fine.
			p.State = profile.Missing
			p.Message = "Stopped by the gateway (" + p.Unusable.Kind + ": " + p.Unusable.Reason + ")"
		}
		if p.Kind == profile.Token || p.Kind == profile.OAuth {
			// The gateway answered for one agent: its fix names it, the
			// state dir from settings and the CLI the host was read with.
			gateway.HostFix(&p, r.GatewayCLI, string(p.Kind), agent, r.StateDir)
			p.Fix = RemoteFixArgs(r.Destination, p.FixEnv, p.FixArgs)
		}
		p.Fingerprint = Fingerprint(p)
		rows = append(rows, p)
	}
	return rows
}

// explain adds, to a failing or expiring check that no judged row
// explains, one row that says so: the host's verdict is always the
// gateway's.
func explain(rows []profile.Profile, gs gatewayStatus, exit int, r Remote, location string) []profile.Profile {
	a := gs.Auth
	explained := false
	for _, p := range rows {
		explained = explained || (p.Judged && profile.ExitCode(p.State) == exit)
	}
	if !explained && exit != 0 {
		msg := "The gateway's own check fails (exit 1)"
		for _, ri := range a.ModelRouteIssues {
			msg += "; " + safetext.Line(ri.Kind) + " route for " + safetext.Line(ri.Provider)
			break
		}
		if exit == 2 {
			msg = "The gateway's own check reports a credential in use expiring (exit 2)"
		}
		rows = append(rows, synthetic(r, location, "", verdictState(exit), msg))
	}
	return rows
}

func synthetic(r Remote, location, provider string, st profile.State, msg string) profile.Profile {
	p := profile.Profile{
		ID: "gateway-check", Provider: provider, Source: profile.Gateway, Location: location, Host: r.Name,
		State: st, Message: msg, Judged: true, Note: GatewayNote, UsedBy: []profile.Use{},
		Fix: RemoteFix(r.Destination, "openclaw models status"),
	}
	if provider != "" {
		p.ID = "gateway-check:" + provider
	}
	p.Fingerprint = Fingerprint(p)
	return p
}

// gatewayState maps the gateway's per-profile status; "static" (a key or a
// token without expiry) is ok for an API key and unknown for a token.
func gatewayState(status string, k profile.Kind) profile.State {
	switch status {
	case "ok":
		return profile.OK
	case "expiring":
		return profile.Expiring
	case "expired":
		return profile.Expired
	case "missing":
		return profile.Missing
	case "static":
		if k == profile.APIKey {
			return profile.OK
		}
		return profile.Unknown
	}
	return profile.Error
}

func verdictState(exit int) profile.State {
	switch exit {
	case 1:
		return profile.Missing
	case 2:
		return profile.Expiring
	}
	return profile.OK
}

func bad(s profile.State) bool {
	return s == profile.Expired || s == profile.Missing || s == profile.Error
}

// agrees: a selected row is judged when its state does not contradict the
// gateway's exit code (a selected expired row under exit 0 means the gateway
// serves that provider some other way, e.g. an environment key).
func agrees(s profile.State, exit int) bool {
	switch exit {
	case 0:
		return s == profile.OK || s == profile.Unknown
	case 2:
		return s == profile.OK || s == profile.Unknown || s == profile.Expiring
	}
	return true
}

// msTime reads the gateway's milliseconds since the epoch.
func msTime(ms *int64) *time.Time {
	if ms == nil || *ms <= 0 {
		return nil
	}
	return saneTimePtr(new(time.UnixMilli(*ms)))
}

// agent is the agent the gateway answered for: the one it names, else the
// one whose dir is <state>/agents/<id>/agent, else "" (a fix then names no
// agent). An id that is not a plain word is dropped.
func (gs gatewayStatus) agent() string {
	id := gs.AgentID
	if id == "" && path.Base(gs.AgentDir) == "agent" {
		id = path.Base(path.Dir(gs.AgentDir))
	}
	if !profile.PlainWord(id) || id == "." || id == "/" || len(id) > 64 {
		return ""
	}
	return id
}

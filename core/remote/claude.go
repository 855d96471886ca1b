package remote

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
)

// claudeStatus is the part of `claude auth status` (JSON) that is mapped;
// every other field is ignored.
type claudeStatus struct {
	LoggedIn        *bool      `json:"loggedIn"`
	AuthMethod      string     `json:"authMethod"`
	ConfigDirectory string     `json:"configDirectory"`
	LoginExpiresAt  *time.Time `json:"loginExpiresAt"`
	Email           *string    `json:"email"`
}

// ParseClaudeStatus maps `claude auth status` output from a host without
// authtray to one Claude Code row. exit is the command's status: 0 logged in,
// 1 not (with JSON either way). The row is left unjudged (State "") when the
// login is active, so the local policy judges it like a local login.
func ParseClaudeStatus(out []byte, exit int, r Remote) (profile.Profile, error) {
	if len(out) > MaxOutput {
		return profile.Profile{}, errors.New("claude auth status printed more than 4 MiB")
	}
	var st claudeStatus
	out = bytes.TrimSpace(out)
	if len(out) == 0 || out[0] != '{' || json.Unmarshal(out, &st) != nil || st.LoggedIn == nil {
		if exit != 0 {
			return profile.Profile{}, errors.New("claude auth status failed and printed no status JSON")
		}
		return profile.Profile{}, errors.New("claude auth status printed something that is not its status JSON")
	}
	p := profile.Profile{
		ID:       "claude-code",
		Provider: "anthropic",
		Source:   claude.ID,
		Location: safetext.Line(st.ConfigDirectory),
		Host:     r.Name,
		Judged:   true,
		UsedBy:   []profile.Use{},
		Note:     "read via claude auth status — install authtray on the host for live updates",
	}
	if st.Email != nil {
		p.Account = redact.Label(safetext.Line(*st.Email))
	}
	switch {
	case !*st.LoggedIn:
		p.Kind = profile.OAuth
		p.State, p.Message = profile.Missing, "Not signed in to Claude Code"
		p.Fix = RemoteFix(r.Destination, "claude auth login")
	case st.AuthMethod == "oauth_token":
		// CLAUDE_CODE_OAUTH_TOKEN in the environment: a setup-token, whose
		// expiry cannot be read back.
		p.Kind, p.Location = profile.Token, "CLAUDE_CODE_OAUTH_TOKEN"
		p.Fix = RemoteFix(r.Destination, "claude setup-token")
	case st.AuthMethod == "api_key" || st.AuthMethod == "console":
		p.Kind = profile.APIKey
	default:
		// A claude.ai login: access token refreshed by Claude Code on use;
		// what ends is the login.
		p.Kind, p.CanRefresh = profile.OAuth, true
		p.LoginEndsAt = saneTimePtr(st.LoginExpiresAt)
		p.Fix = RemoteFix(r.Destination, "claude auth login")
	}
	claude.Source{}.Decode(&p, r.origin())
	p.Fingerprint = Fingerprint(p)
	return p, nil
}

package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// Bounds on a stored expiry, in ms since the epoch. Above maxExpiryMs the
// gateway calls it invalid (8.64e15 is the largest JavaScript date); below
// secondsBound it was almost certainly written in seconds (1e11 ms is 1973).
const (
	maxExpiryMs  = 8.64e15
	secondsBound = 1e11
)

// credentialRow turns a stored credential into a row: facts only, with the
// states the source knows itself (missing, invalid, fenced). Judge decides
// the rest.
func credentialRow(c *credential, cli string) profile.Profile {
	p := profile.Profile{
		ID:       c.ID,
		Provider: c.Provider,
		Kind:     profile.Kind(c.Type),
		Source:   profile.Gateway,
		Location: c.Location,
		Agent:    c.Agent,
		Account:  c.Email,
		Fix:      fixFor(cli, c.Type, c.Provider, c.ID, c.Agent, c.HasRefresh),
	}
	switch c.Type {
	case "api_key":
		if !c.HasKey {
			p.State, p.Message = profile.Missing, "API key is empty"
		}
	case "token":
		switch {
		case !c.HasToken:
			p.State, p.Message = profile.Missing, "Token is empty"
		case c.Expires != nil:
			expiry(&p, c)
		}
	case "oauth":
		p.CanRefresh = c.HasRefresh && !c.Fence
		switch {
		case c.Fence:
			p.State, p.Message = profile.Expired, "A token refresh failed or is in flight; sign in again if it does not recover"
			p.CanRefresh = false
		case !c.HasAccess && !c.HasRefresh:
			p.State, p.Message = profile.Missing, "OAuth profile has no tokens"
		case c.Expires == nil && !p.CanRefresh:
			p.State, p.Message = profile.Missing, "OAuth profile has no expiry and no refresh token"
		case c.Expires != nil:
			expiry(&p, c)
		}
	}
	p.Fingerprint = fingerprint(c)
	return p
}

// expiry sets ExpiresAt, or the state the gateway gives an unusable expiry
// (invalid_expires: missing), naming the field and its type as Claude Code
// rows do.
func expiry(p *profile.Profile, c *credential) {
	ms := *c.Expires
	switch {
	case c.ExpiresType != "":
		p.State, p.Message = profile.Missing, "expires is "+c.ExpiresType+", not a number of milliseconds"
	case ms <= 0 || ms > maxExpiryMs:
		p.State, p.Message = profile.Missing, "Invalid expiry in the store"
	case ms < secondsBound:
		p.ExpiresAt = profile.Time(time.UnixMilli(int64(ms) * 1000))
		p.State, p.Message = profile.Expired, "Expired: its expiry looks like seconds, not milliseconds, so the gateway treats it as long past"
	default:
		p.ExpiresAt = profile.Time(time.UnixMilli(int64(ms)))
	}
}

// fixFor is the command that renews this credential.
func fixFor(cli, typ, provider, id, agent string, hasRefresh bool) string {
	agentFlag := ""
	if agent != "" {
		agentFlag = " --agent " + agent
	}
	profileFlag := ""
	if id != "" && id != provider+":manual" {
		profileFlag = " --profile-id " + id
	}
	switch {
	case typ == "token" && provider == "anthropic":
		return cli + " models auth setup-token --provider anthropic" + agentFlag
	case typ == "token":
		return cli + " models auth paste-token --provider " + provider + profileFlag + agentFlag
	case typ == "api_key":
		return cli + " models auth paste-api-key --provider " + provider + profileFlag + agentFlag
	default:
		return cli + " models auth login --provider " + provider + agentFlag
	}
}

// fingerprint identifies this exact credential by facts that change when it
// is renewed, never by its secret.
func fingerprint(c *credential) string {
	h := sha256.New()
	exp := "none"
	if c.Expires != nil {
		exp = fmt.Sprintf("%.0f", *c.Expires)
	}
	// Not the row's update time: one row holds every profile, so it changes
	// whenever any of them does.
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%v%v%v%v%v%v", c.Location, c.ID, c.Type, c.Provider, exp,
		c.HasKey, c.HasToken, c.HasAccess, c.HasRefresh, c.Fence, c.HasOAuthRef)
	return hex.EncodeToString(h.Sum(nil)[:12])
}

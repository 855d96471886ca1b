package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// Bounds on a stored expiry, in ms since the epoch. Above maxExpiryMs the
// gateway calls it invalid (8.64e15 is the largest JavaScript date); below
// secondsBound it was almost certainly written in seconds (1e11 ms is 1973).
const (
	maxExpiryMs  = 8.64e15
	secondsBound = 1e11
	// lastJSONMs is the last instant RFC 3339, and so authtray's JSON, can
	// write (9999-12-31T23:59:59.999Z); later ones are valid to the gateway.
	lastJSONMs = 253402300799999
)

// credentialRow turns a stored credential into a row: facts only, with the
// states the source knows itself (missing, invalid, fenced). Judge decides
// the rest.
func credentialRow(c *credential, g gatewayFix) profile.Profile {
	p := profile.Profile{
		ID:       c.ID,
		Provider: c.Provider,
		Kind:     profile.Kind(c.Type),
		Source:   profile.Gateway,
		Location: c.Location,
		Agent:    c.Agent,
		Account:  redact.Label(c.Email), // an email that looks like a token is not shown
	}
	g.set(&p, c.Type, c.Provider, c.ID, c.Agent)
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
	case ms > lastJSONMs:
		// The gateway calls it ok (real CLI: token and OAuth at 8.64e15
		// are ok, exit 0). An expiresAt this late made --json fail to
		// encode (exit 1), so the row says so without one.
		p.State, p.Message = profile.OK, "Expires after the year 9999"
	case ms < secondsBound:
		p.ExpiresAt = profile.Time(time.UnixMilli(int64(ms) * 1000))
		p.State, p.Message = profile.Expired, "Expired: its expiry looks like seconds, not milliseconds, so the gateway treats it as long past"
	default:
		p.ExpiresAt = profile.Time(time.UnixMilli(int64(ms)))
	}
}

// gatewayFix is how one install's CLI is run: its name, the environment
// that points it at this install's state dir and config, and the agent
// that owns the shared store.
type gatewayFix struct {
	cli string
	env []string
	// sharedOwner is the agent whose writes land in the shared store ("" when
	// no configured agent does).
	sharedOwner string
}

// set makes p's fix the command that renews (or first stores) a credential
// of this type, provider and id in the store of agent ("" the shared one).
//
// Every command names its agent: on a gateway with two or more agents the
// CLI refuses a `models auth` command without --agent ("Multiple agents are
// configured, but the model command has no explicit owner"), and with one
// it is harmless. The agent decides where the write lands: the shared
// store's owner (whose agent dir is <state>/agents/main/agent) writes the
// shared store, any other agent its own database.
//
// An Anthropic token is renewed by `claude setup-token`, pasted into
// `paste-token` for the same profile id with the year it lasts: the CLI's
// `models auth setup-token` only asks for a token, and stores it as a new
// profile (anthropic:default) without an expiry. Anthropic has no OAuth
// login in the gateway, so an Anthropic OAuth profile is replaced the same
// way. Older CLIs (moltbot, clawdbot) keep the command they had.
func (g gatewayFix) set(p *profile.Profile, typ, provider, id, agent string) {
	if agent == "" {
		agent = g.sharedOwner
	}
	args, chain := FixCommand(g.cli, typ, provider, id, agent)
	if chain {
		profile.SetTokenChainFix(p, g.env, args)
		return
	}
	profile.SetFix(p, g.env, args)
}

// FixCommand is the argv that renews a gateway credential of this type,
// provider and id for agent with the gateway CLI cli (see gatewayFix.set);
// chain says it reads the token that `claude setup-token` prints, so it runs
// after it (profile.SetTokenChainFix). core/remote builds a host's fixes
// with it too.
func FixCommand(cli, typ, provider, id, agent string) (args []string, chain bool) {
	// Sized for the longest: one allocation per row of a large scan.
	args = append(make([]string, 0, 12), cli, "models", "auth")
	switch {
	case provider == "anthropic" && typ != "api_key" && cli == "openclaw":
		if id == "" {
			id = "anthropic:manual"
		}
		args = append(args, "paste-token", "--provider", provider, "--profile-id", id, "--expires-in", "365d")
		chain = true
	case provider == "anthropic" && typ == "token":
		args = append(args, "setup-token", "--provider", provider)
	case typ == "token":
		args = append(args, "paste-token", "--provider", provider)
		if id != "" {
			args = append(args, "--profile-id", id)
		}
	case typ == "api_key":
		args = append(args, "paste-api-key", "--provider", provider)
		if id != "" {
			args = append(args, "--profile-id", id)
		}
	default:
		args = append(args, "login", "--provider", provider)
	}
	if agent != "" {
		args = append(args, "--agent", agent)
	}
	return args, chain
}

// fingerprint identifies this exact credential by facts that change when it
// is renewed, never by its secret.
func fingerprint(c *credential) string {
	exp := "none"
	if c.Expires != nil {
		exp = strconv.FormatFloat(*c.Expires, 'f', 0, 64)
	}
	// Not the row's update time: one row holds every profile, so it changes
	// whenever any of them does. The bytes are what
	// fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%s\x00%v%v%v%v%v%v", …) gives,
	// built without fmt (a large scan makes thousands).
	b := make([]byte, 0, 256) // room for a long database path
	for _, s := range []string{c.Location, c.ID, c.Type, c.Provider, exp} {
		b = append(append(b, s...), 0)
	}
	for _, v := range []bool{c.HasKey, c.HasToken, c.HasAccess, c.HasRefresh, c.Fence, c.HasOAuthRef} {
		b = strconv.AppendBool(b, v)
	}
	if c.Ref != nil {
		// Only with a ref: other rows keep the fingerprints they had.
		b = append(append(b, "\x00ref "...), c.Ref.String()...)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

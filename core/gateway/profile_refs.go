package gateway

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// oauthMargin is how long an OAuth access token must still be valid for
// the gateway to count it without a refresh (hasUsableOAuthCredential).
const oauthMargin = 5 * time.Minute

// credReadiness is resolveStoredCredentialReadOnlyAvailability
// (dist/loader-runtime-load-*.mjs) for a stored profile: what `models
// status` can confirm of it without resolving anything.
func (ins *install) credReadiness(c *credential, getenv func(string) string, now time.Time) readiness {
	switch c.Type {
	case "token":
		if c.Expires != nil && (*c.Expires <= 0 || *c.Expires > maxExpiryMs || *c.Expires <= float64(now.UnixMilli())) {
			return unavailable
		}
		fallthrough
	case "api_key":
		return ins.secretReadiness(c, getenv)
	}
	// hasUsableOAuthCredential: an access token valid 5 minutes on.
	if c.Fence {
		return unavailable
	}
	if c.HasAccess && c.Expires != nil && *c.Expires > float64(now.Add(oauthMargin).UnixMilli()) && *c.Expires <= maxExpiryMs {
		return ready
	}
	if c.HasRefresh {
		// canRefreshOAuth: openai (and externally synced CLI logins).
		if c.Provider == "openai" {
			return ready
		}
		return unknownReady
	}
	if c.HasOAuthRef && !c.HasAccess {
		return unknownReady
	}
	return unavailable
}

// secretReadiness is resolveSecretInputReadOnlyAvailability for the key or
// token of a profile.
func (ins *install) secretReadiness(c *credential, getenv func(string) string) readiness {
	if c.Ref != nil {
		return ins.cfg.refReadiness(*c.Ref, getenv)
	}
	switch c.Form {
	case "malformed":
		return unavailable
	case "var":
		if strings.TrimSpace(getenv(c.FormVar)) != "" {
			return ready
		}
		return unavailable
	case "marker":
		return unknownReady
	}
	if (c.Type == "api_key" && c.HasKey) || (c.Type == "token" && c.HasToken) {
		return ready
	}
	return unavailable
}

// describeRefs says on each row of a profile whose secret is a SecretRef,
// or a placeholder, what it points at and what authtray could confirm
// itself: an env variable set or not; a file provider's file, whether it
// exists and its mode (never its bytes); an exec provider's command (never
// run for a stored profile: the gateway's status does not run it either).
// A ref the status cannot confirm fails it (indeterminate, exit 1): its row
// is an error; one it rules out is missing.
func (ins *install) describeRefs(getenv func(string) string, now time.Time) {
	for _, c := range ins.refCreds {
		i, _ := ins.rowOf(c)
		row := &ins.rows[i]
		expired := c.Type == "token" && c.Expires != nil && *c.Expires <= float64(now.UnixMilli())
		if expired || row.State == profile.Expired || row.State == profile.Missing {
			continue // its expiry or emptiness already decides
		}
		what, fix := ins.refWords(c, getenv)
		switch ins.secretReadiness(c, getenv) {
		case ready:
			row.Note = joinNote(what, row.Note)
		case unknownReady:
			row.State = profile.Error
			row.Message = "The profile's " + what + "; the gateway's status cannot confirm it (indeterminate), so its --check fails while this profile is the one in use"
			row.Fix = fix
			row.FixArgs, row.FixEnv = nil, nil
		default:
			row.State = profile.Missing
			row.Message = "The profile's " + what + "; the gateway cannot use it"
			row.Fix = fix
			row.FixArgs, row.FixEnv = nil, nil
		}
	}
}

// refWords names where a profile's secret is, and what would fix it.
func (ins *install) refWords(c *credential, getenv func(string) string) (what, fix string) {
	field := "key"
	if c.Type == "token" {
		field = "token"
	}
	if c.Ref == nil {
		switch c.Form {
		case "var":
			if strings.TrimSpace(getenv(c.FormVar)) != "" {
				return field + " names " + c.FormVar + ", which is set", ""
			}
			return field + " names " + c.FormVar + ", which is not set", "Set " + c.FormVar + " in the gateway's environment or .env file"
		case "marker":
			return field + " is a placeholder that holds no secret", ""
		}
		return field + " looks like a reference but is none (it starts with $ or a retired marker)", "Store the " + field + " again"
	}
	r := ins.cfg.withDefaults(*c.Ref)
	ref := field + "Ref " + r.String()
	p := ins.cfg.secretProvider(r.Provider)
	src, _ := p["source"].(string)
	switch {
	case !r.valid():
		return ref + " is not a valid SecretRef", "Point the " + field + "Ref at a valid ref"
	case r.Source == "env" && !ins.cfg.envRefAllowed(r):
		return ref + " names " + r.ID + ", which secrets.providers." + r.Provider + ".allowlist does not allow", "Add " + r.ID + " to the allowlist, or point the ref elsewhere"
	case r.Source == "env" && strings.TrimSpace(getenv(r.ID)) != "":
		return ref + " (" + r.ID + " is set)", ""
	case r.Source == "env":
		return ref + " names " + r.ID + ", which is not set here", "Set " + r.ID + " in the gateway's environment or .env file"
	case src != r.Source && !ins.cfg.builtIn(r):
		return ref + " names a " + r.Source + " provider that secrets.providers does not configure", "Configure secrets.providers." + r.Provider + " (source " + r.Source + ")"
	case r.Source == "file":
		return ref + " reads " + ins.fileFacts(p), "Store the " + field + " itself in the profile, or move this credential to a config SecretRef, which the status resolves"
	case r.Source == "exec":
		cmd, _ := p["command"].(string)
		return ref + " runs " + profile.TildePath(expand(cmd, ins.home), ins.home) + " (never run for a stored profile)", "Store the " + field + " itself in the profile, or move this credential to a config SecretRef, which the status resolves"
	}
	return ref + " reads the gateway's secret store", "Store the " + field + " itself in the profile"
}

// fileFacts is what authtray can say of a file provider's file without
// reading it: where it is, whether it exists, its mode.
func (ins *install) fileFacts(p map[string]any) string {
	path, _ := p["path"].(string)
	path = expand(path, ins.home)
	shown := profile.TildePath(path, ins.home)
	if !filepath.IsAbs(path) {
		return shown + ", which is not an absolute path"
	}
	fi, err := ins.fs.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return shown + ", which does not exist"
	case err != nil:
		return shown + ", which cannot be looked at (" + fsys.Reason(err) + ")"
	}
	return fmt.Sprintf("%s (the file exists, mode %04o)", shown, fi.Mode().Perm())
}

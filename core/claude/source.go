package claude

import (
	"path/filepath"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// ID is the Source of Claude Code's rows.
const ID = profile.ClaudeCode

// LoginWarn is how early Claude Code itself warns that a login ends.
const LoginWarn = 10 * 24 * time.Hour

// Source is what the views ask of Claude Code's rows (core/source lists
// it): they are under "Claude Code", one menu group per config dir; a
// notification says "Claude Code"; a row is renewed by signing in again.
type Source struct{}

// ID is the Source of the rows.
func (Source) ID() profile.Source { return ID }

// Group is "Claude Code"; the menu also names the config dir the login is
// kept in (the dir of its credentials file, or the keychain item).
func (Source) Group(p profile.Profile, g profile.Groups) (title, store string) {
	store = p.Location
	if filepath.IsAbs(p.Location) {
		store = g.Tilde(filepath.Dir(p.Location))
	}
	return "Claude Code", store
}

// Where names the login in a notification.
func (Source) Where(profile.Profile) string { return "Claude Code" }

// Renew: a Claude Code login is signed in again.
func (Source) Renew(profile.Profile) profile.Renewal { return profile.RenewLogin }

// Decode gives a row from another machine the facts that are not in the
// JSON (LoginWarn, Optional), as a row read here has them.
func (s Source) Decode(p *profile.Profile, _ profile.Origin) { s.mark(p) }

// mark sets the facts every Claude Code row has: Claude Code warns 10 days
// before a login ends, and a config dir never signed in is no failure
// while other credentials are in use (one may use only the gateway).
func (Source) mark(p *profile.Profile) {
	p.LoginWarn = LoginWarn
	p.Optional = true
}

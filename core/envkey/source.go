package envkey

import (
	"github.com/authtray/authtray/core/profile"
)

// ID is the Source of the credentials found in the environment and the
// gateway's dotenv files. Their rows are read with the gateway's (which of
// them a model in use selects is the gateway's choice).
const ID = profile.Env

// Source is what the views ask of the environment's rows (core/source
// lists it): one group, "Environment"; a token there is replaced by a new
// setup-token.
type Source struct{}

// ID is the Source of the rows.
func (Source) ID() profile.Source { return ID }

// Group is "Environment", one group for every variable and file.
func (Source) Group(profile.Profile, profile.Groups) (title, store string) {
	return "Environment", ""
}

// Where names the place in a notification.
func (Source) Where(profile.Profile) string { return "environment" }

// Renew: a token in the environment is replaced by a new setup-token.
func (Source) Renew(profile.Profile) profile.Renewal { return profile.RenewToken }

// Decode has nothing to add to a row from another machine.
func (Source) Decode(*profile.Profile, profile.Origin) {}

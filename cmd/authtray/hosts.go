package main

import (
	"context"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/settings"
)

// Placeholder until remote hosts land; owned by the remote-hosts engineer, who replaces this file.
func remoteProfiles(ctx context.Context, hosts []settings.Host, env *appEnv) ([]profile.Profile, []profile.Host) {
	return nil, nil
}

package main

import (
	"time"

	"context"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/platform/sshx"
)

// remoteProfiles reads each host once over ssh (in parallel) for
// `status --host`/`--all-hosts`: rows with Host set, one unreachable or
// error row for a host that cannot be read, and each host's reachability.
func remoteProfiles(ctx context.Context, hosts []settings.Host, env *appEnv) ([]profile.Profile, []profile.Host) {
	pol := env.ScanInput().Policy()
	targets := targetsOf(hosts)
	cmd, err := sshx.CommandFrom(env.Getenv, env.Settings)
	if err != nil {
		return failAll(targets, err.Error(), pol)
	}
	return cmd.ReadAll(ctx, targets, env.Now, pol)
}

// newRemoteWatcher is the tray's and `watch`'s remote source: one live
// session per host (core/live's Remote). Run it with go w.Run(ctx). A
// malformed ssh command gives an error sentence for the user.
func newRemoteWatcher(env *appEnv, hosts []settings.Host, logf func(string, ...any)) (*sshx.Watcher, error) {
	cmd, err := sshx.CommandFrom(env.Getenv, env.Settings)
	if err != nil {
		return nil, err
	}
	return sshx.NewWatcher(cmd, targetsOf(hosts), sshx.WatchConfig{
		Policy: func() profile.Policy { return env.ScanInput().Policy() },
		Poll:   remotePoll(env.Settings),
		Logf:   logf,
	}), nil
}

func remotePoll(s settings.Settings) (d time.Duration) {
	return time.Duration(s.PollRemote)
}

func targetsOf(hosts []settings.Host) []sshx.Target {
	ts := make([]sshx.Target, len(hosts))
	for i, h := range hosts {
		ts[i] = sshx.TargetOf(h)
	}
	return ts
}

// failAll gives every host the same error row (an unusable ssh command).
func failAll(targets []sshx.Target, reason string, pol profile.Policy) ([]profile.Profile, []profile.Host) {
	var rows []profile.Profile
	var hs []profile.Host
	for _, t := range targets {
		h := remote.Host{Remote: t.Remote}
		h.Failed(reason, pol.Now)
		r, ph := h.Rows(pol.Now, pol)
		rows, hs = append(rows, r...), append(hs, ph)
	}
	return rows, hs
}

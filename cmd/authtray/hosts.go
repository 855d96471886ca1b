package main

import (
	"context"
	"fmt"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/core/sshdest"
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
// malformed ssh command gives an error sentence for the user. policy is
// called from the watcher's goroutines, so it must be safe for that.
func newRemoteWatcher(getenv func(string) string, s settings.Settings, hosts []settings.Host, policy func() profile.Policy, logf func(string, ...any)) (*sshx.Watcher, error) {
	cmd, err := sshx.CommandFrom(getenv, s)
	if err != nil {
		return nil, err
	}
	return sshx.NewWatcher(cmd, targetsOf(hosts), sshx.WatchConfig{
		Policy: policy,
		Poll:   remotePoll(s),
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

// watchHosts points sw at hosts: a live watcher, nothing when there are no
// hosts, or one error row per host when the ssh command is unusable (the
// sentence says why). A reload that changes neither the hosts, the ssh
// command nor the poll interval keeps the running sessions.
func watchHosts(sw *sshx.Switch, getenv func(string) string, s settings.Settings, hosts []settings.Host, policy func() profile.Policy, logf func(string, ...any)) {
	if len(hosts) == 0 {
		sw.Set(nil, "")
		return
	}
	key := fmt.Sprintf("%q|%q|%v|%#v", getenv(sshx.EnvSSH), s.SSHCommand, s.PollRemote, hosts)
	w, err := newRemoteWatcher(getenv, s, hosts, policy, logf)
	if err != nil {
		rows, hs := failAll(targetsOf(hosts), err.Error(), policy())
		sw.Set(fixedHosts{rows, hs}, key)
		return
	}
	sw.Set(w, key)
}

// fixedHosts is a remote source that never changes: the error rows of hosts
// that cannot be read at all.
type fixedHosts struct {
	rows  []profile.Profile
	hosts []profile.Host
}

func (f fixedHosts) Run(context.Context)                           {}
func (f fixedHosts) Snapshot() ([]profile.Profile, []profile.Host) { return f.rows, f.hosts }
func (f fixedHosts) Changed() <-chan struct{}                      { return nil }

// remoteArgv is the argv that runs args on a host in a local terminal:
// `ssh -t DEST -- args…` with the user's ssh command (AUTHTRAY_SSH or
// ssh_command). Each word is quoted for the remote shell, which ssh hands
// the joined words to; nothing goes through a local shell.
func remoteArgv(getenv func(string) string, s settings.Settings, dest sshdest.Dest, args []string) ([]string, error) {
	cmd, err := sshx.CommandFrom(getenv, s)
	if err != nil {
		return nil, err
	}
	return cmd.Interactive(dest, args...)
}

package sshx

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/core/settings"
	"golang.org/x/sync/semaphore"
)

// OneShotTimeout bounds a whole one-shot read of a host: ssh's own
// ConnectTimeout is 10 s, and the gateway CLI takes about 1.5 s.
const OneShotTimeout = 45 * time.Second

// MaxParallel is the most hosts read or connected to at once: 500 hosts
// in settings start 16 ssh processes, not 500 (each costs a process, a
// connection and, on a jump host, one of sshd's MaxStartups slots). A
// watch session holds its slot only until its first snapshot.
const MaxParallel = 16

// Target is one host as sshx reads it.
type Target struct {
	Remote    remote.Remote
	Overrides remote.Overrides
}

// TargetOf turns a settings host into a Target.
func TargetOf(h settings.Host) Target {
	name := h.Name
	if name == "" {
		name = h.Destination.String()
	}
	return Target{
		Remote:    remote.Remote{Name: safetext.Line(name), Destination: h.Destination, StateDir: h.StateDir},
		Overrides: remote.Overrides{StateDir: h.StateDir, ClaudeDir: h.ClaudeDir},
	}
}

// ReadAll reads every host once, MaxParallel at a time, for `status
// --host`: the host's own `authtray status --json` where installed, else
// the gateway CLI and `claude auth status`. Each host yields its rows (or one unreachable or
// error row) and its profile.Host line. now and pol come from the caller's
// clock.
func (c Command) ReadAll(ctx context.Context, targets []Target, now func() time.Time, pol profile.Policy) ([]profile.Profile, []profile.Host) {
	type res struct {
		rows []profile.Profile
		host profile.Host
	}
	out := make([]res, len(targets))
	slots := semaphore.NewWeighted(MaxParallel)
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Go(func() {
			h := remote.Host{Remote: t.Remote}
			if err := slots.Acquire(ctx, 1); err != nil {
				h.Unreachable("not read: "+err.Error(), now())
			} else {
				c.readOnce(ctx, t, &h, now)
				slots.Release(1)
			}
			rows, ph := h.Rows(now(), pol)
			out[i] = res{rows, ph}
		})
	}
	wg.Wait()
	var rows []profile.Profile
	var hosts []profile.Host
	for _, r := range out {
		rows = append(rows, r.rows...)
		hosts = append(hosts, r.host)
	}
	return rows, hosts
}

// readOnce reads a host once into h.
func (c Command) readOnce(ctx context.Context, t Target, h sink, now func() time.Time) {
	ctx, cancel := context.WithTimeout(ctx, OneShotTimeout)
	defer cancel()
	res, ok := c.reach(ctx, t, remote.StatusCommand(t.Overrides), h, now)
	switch {
	case !ok:
	case res.exit == remote.NotFound:
		c.fallback(ctx, t, h, now)
	case res.exit == usageExit && len(bytes.TrimSpace(res.out)) == 0:
		h.Failed(tooOld("authtray status", res.stderr), now())
	default:
		// status --json exits 0; with a non-zero status and no JSON, say so.
		p, perr := remote.ParseSnapshot(res.out, t.Remote)
		if perr != nil {
			if res.exit != 0 {
				h.Failed(fmt.Sprintf("authtray status on the host exited with status %d: %s", res.exit, lastLineOr(res.stderr, perr.Error())), now())
				return
			}
			h.Failed(perr.Error(), now())
			return
		}
		h.Update(p.Profiles, remote.ViaStatus, false, now())
	}
}

// fallback reads a host without authtray: the gateway's own
// `models status --json --check` and `claude auth status`, mapped to rows.
func (c Command) fallback(ctx context.Context, t Target, h sink, now func() time.Time) {
	var rows []profile.Profile
	gw, ok := c.reach(ctx, t, remote.GatewayCommand(t.Overrides), h, now)
	if !ok {
		return
	}
	gwMissing := gw.exit == remote.NotFound
	if !gwMissing {
		r := t.Remote
		r.GatewayCLI = remote.GatewayCLIFrom(gw.stderr)
		gwRows, perr := remote.ParseGateway(gw.out, gw.exit, r)
		if perr != nil {
			h.Failed(perr.Error(), now())
			return
		}
		rows = append(rows, gwRows...)
	}

	cl, ok := c.reach(ctx, t, remote.ClaudeCommand(t.Overrides), h, now)
	switch {
	case !ok:
		return
	case cl.exit == remote.NotFound:
		if gwMissing {
			h.Failed("neither authtray, the gateway CLI (openclaw, moltbot, clawdbot) nor claude is installed on the host", now())
			return
		}
	default:
		p, perr := remote.ParseClaudeStatus(cl.out, cl.exit, t.Remote)
		if perr != nil {
			h.Failed(perr.Error(), now())
			return
		}
		// Not signed in to Claude Code is shown but does not fail the host
		// while the gateway has credentials (the local rule, too).
		if p.State == profile.Missing && len(rows) > 0 {
			p.Judged = false
		}
		rows = append(rows, p)
	}
	h.Update(rows, remote.ViaGateway, false, now())
}

// reach runs cmd on t's host in batch mode; false when ssh could not
// reach it (h says why).
func (c Command) reach(ctx context.Context, t Target, cmd string, h sink, now func() time.Time) (result, bool) {
	res, err := run(ctx, c.Batch(t.Remote.Destination, cmd))
	switch {
	case err != nil:
		h.Unreachable(runFailure(err), now())
		return res, false
	case res.exit == sshFailed:
		h.Unreachable(sshReason(res.stderr), now())
		return res, false
	}
	return res, true
}

func lastLineOr(stderr, alt string) string {
	if l := lastLine(stderr); l != "" {
		return l
	}
	return alt
}

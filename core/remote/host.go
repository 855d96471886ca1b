package remote

import (
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext"
)

// Ways a host is read, as shown in profile.Host.Via and in row notes.
const (
	ViaWatch   = "authtray watch"
	ViaStatus  = "authtray status"
	ViaGateway = "openclaw models status"
)

// HostRowID is the id of the row that says a host cannot be read (its
// Source is empty): views show it as the host's own line.
const HostRowID = "ssh"

// Host is what is known about one remote host: its last good rows, and
// whether it can be reached now. The zero value is a host never reached.
// It is not safe for concurrent use; platform/sshx guards it.
type Host struct {
	Remote Remote

	via       string
	rows      []profile.Profile
	haveRows  bool
	confirmed time.Time // when rows were last known current
	live      bool      // a watch session is up: rows are current now

	failed bool
	fail   profile.State // Unreachable or Error
	reason string        // one sentence, already clean
	since  time.Time     // first failure of this outage
}

// Update records rows read from the host at now. live says a watch session
// stays open, so the rows remain current until it ends.
func (h *Host) Update(rows []profile.Profile, via string, live bool, now time.Time) {
	h.rows, h.haveRows, h.via = rows, true, via
	h.confirmed, h.live = now, live
	h.failed, h.reason, h.since = false, "", time.Time{}
}

// Unreachable records that ssh could not reach the host (connection refused,
// timed out, dropped session, authentication refused under BatchMode).
func (h *Host) Unreachable(reason string, now time.Time) {
	h.setFailed(profile.Unreachable, reason, now)
}

// Failed records that the host answered, but not with something usable
// (missing binary, non-zero exit, malformed output, wrong schema).
func (h *Host) Failed(reason string, now time.Time) { h.setFailed(profile.Error, reason, now) }

func (h *Host) setFailed(st profile.State, reason string, now time.Time) {
	if h.live {
		h.confirmed = now // the session was current until it ended
	}
	h.live = false
	if !h.failed || h.fail != st {
		h.since = now
	}
	h.failed, h.fail, h.reason = true, st, safetext.Line(reason)
}

// Reachable reports whether the last attempt succeeded.
func (h *Host) Reachable() bool { return h.haveRows && !h.failed }

// Rows returns the host's rows and its reachability line at now. While the
// host cannot be read, its last rows are still shown, marked with their age
// and not judged (nothing about them can be confirmed), and one judged row
// says why: "unreachable since 14:02: ssh: connect to host … timed out".
func (h *Host) Rows(now time.Time, pol profile.Policy) ([]profile.Profile, profile.Host) {
	ph := profile.Host{Name: h.Remote.Name, Destination: h.Remote.Destination, Reachable: h.Reachable(), Via: h.via}
	at := h.confirmed
	if h.live {
		at = now
	}
	if h.haveRows {
		ph.SnapshotAt = profile.Time(at.Truncate(time.Second))
		age := int64(max(now.Sub(at), 0) / time.Second)
		ph.AgeSeconds = &age
	}
	out := make([]profile.Profile, 0, len(h.rows)+1)
	for _, p := range h.rows {
		if !h.live {
			advance(&p, pol, h.confirmed)
		}
		describe(&p, pol)
		if h.failed {
			p.Judged = false
			p.Note = joinNote(p.Note, "as of "+pol.Clock(at)+" ("+profile.Ago(now.Sub(at))+"); host not readable now")
		}
		out = append(out, p)
	}
	if h.failed {
		ph.Error = h.reason
		out = append(out, h.failRow(pol))
	}
	return out, ph
}

func (h *Host) failRow(pol profile.Policy) profile.Profile {
	word := "unreachable"
	if h.fail == profile.Error {
		word = "unreadable"
	}
	p := profile.Profile{
		ID:       HostRowID,
		Location: h.Remote.Destination.String(),
		Host:     h.Remote.Name,
		State:    h.fail,
		Message:  word + " since " + pol.Clock(h.since) + ": " + h.reason,
		Judged:   true,
		UsedBy:   []profile.Use{},
	}
	p.Fingerprint = Fingerprint(p)
	return p
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// advance re-judges a row that no live session keeps current (a polled
// gateway CLI read, a one-shot status, the last rows of a host not readable
// now) against the local clock: a deadline (expiresAt, or a refreshable
// login's loginEndsAt) crossed since the read, at readAt, moves it from ok
// to expiring to expired, never back. Only a crossing since the read
// counts, so a host whose clock or warn window differs keeps its own
// verdict until then; everything else is the host's verdict and stays:
// missing, unusable, which row is judged and what uses it. Without this a
// row read as expiring stayed amber until the next poll, up to remote_poll
// after it had expired.
func advance(p *profile.Profile, pol profile.Policy, readAt time.Time) {
	if p.State != profile.OK && p.State != profile.Expiring {
		return
	}
	judge := func(at time.Time) profile.Profile {
		q := *p
		q.State, q.Message = "", ""
		q.CanRefresh = p.CanRefresh || p.Refreshable // CanRefresh is not in the JSON
		pq := pol
		pq.Now = at
		profile.Judge(&q, pq)
		return q
	}
	then, now := judge(readAt), judge(pol.Now)
	if rank(now.State) <= rank(then.State) || rank(now.State) <= rank(p.State) {
		return
	}
	p.State, p.Message = now.State, now.Message
	if p.Unusable != nil {
		p.Message += " · " + p.Unusable.Kind + " by the gateway (" + p.Unusable.Reason + ")"
	}
	if !p.Judged {
		p.Message += " · not in use"
	}
}

// rank orders the states a deadline moves a row through.
func rank(s profile.State) int {
	switch s {
	case profile.OK:
		return 1
	case profile.Expiring:
		return 2
	case profile.Expired:
		return 3
	}
	return 0
}

// describe fills in what fallback rows leave open: rows mapped from the
// gateway's or Claude Code's own status carry facts but no sentence, and a
// Claude Code login carries no state; they are judged and worded here, at
// the moment they are shown, by the local policy.
func describe(p *profile.Profile, pol profile.Policy) {
	if p.State == "" {
		profile.Judge(p, pol)
		return
	}
	if p.Message != "" {
		return
	}
	switch {
	case p.State == profile.OK && p.Kind == profile.APIKey:
		p.Message = "API key · no expiry"
	case p.State == profile.Unknown:
		p.Message = "Expiry unknown"
	case p.ExpiresAt != nil && p.ExpiresAt.After(pol.Now):
		p.Message = "Expires in " + profile.Span(p.ExpiresAt.Sub(pol.Now)) + " (" + pol.Clock(*p.ExpiresAt) + ")"
	case p.ExpiresAt != nil:
		p.Message = "Expired " + profile.Ago(pol.Now.Sub(*p.ExpiresAt)) + " (" + pol.Clock(*p.ExpiresAt) + ")"
	case p.State == profile.Expired:
		p.Message = "Expired"
	case p.State == profile.Missing:
		p.Message = "Missing"
	default:
		p.Message = string(p.State)
	}
	if p.Unusable != nil {
		p.Message += " · " + p.Unusable.Kind + " by the gateway (" + p.Unusable.Reason + ")"
	}
	if !p.Judged {
		p.Message += " · not in use"
	}
}

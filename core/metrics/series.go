package metrics

import (
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/authtray/authtray/core/profile"
)

// credential is one label set of the per-credential metrics and what its
// rows say.
type credential struct {
	labels   []string // CredentialLabels' values, cleaned
	state    profile.State
	judged   bool
	deadline time.Time
	hasDL    bool
}

// credentials groups the rows by their label values. Rows can share them
// when they differ only in where they were read (a state dir the gateway
// no longer reads next to the live one, a key both in the environment and
// in the gateway's .env): the series then say what counts, so that a
// merged series is never better than a row behind it. Judged rows outrank
// unjudged ones; among equals the worst state and the earliest deadline
// win; in use is 1 when any row is judged.
func (c *Collector) credentials(ps []profile.Profile) []*credential {
	var out []*credential
	byKey := make(map[[6]string]*credential, len(ps))
	for _, p := range ps {
		key := [6]string{c.label(p.Host), c.label(string(p.Source)), c.label(p.Agent), c.label(p.ID), c.label(p.Provider), c.label(string(p.Kind))}
		n := &credential{state: knownState(p.State), judged: p.Judged}
		n.deadline, n.hasDL = p.Deadline()
		if old, ok := byKey[key]; ok {
			old.merge(n)
			continue
		}
		n.labels = append([]string(nil), key[:]...)
		byKey[key] = n
		out = append(out, n)
	}
	return out
}

func (a *credential) merge(b *credential) {
	switch {
	case b.judged && !a.judged:
		labels := a.labels
		*a = *b
		a.labels = labels
		return
	case a.judged && !b.judged:
		return
	}
	if profile.Worse(b.state, a.state) {
		a.state = b.state
	}
	if b.hasDL && (!a.hasDL || b.deadline.Before(a.deadline)) {
		a.deadline, a.hasDL = b.deadline, true
	}
}

// knownState is s, or Error for a state the engine does not rank (there is
// none today; a row must never drop out of every state series).
func knownState(s profile.State) profile.State {
	for _, k := range states {
		if k == s {
			return s
		}
	}
	return profile.Error
}

var states = profile.States()

// metricsOf builds every metric of a snapshot but authtray_build_info.
func (c *Collector) metricsOf(s profile.Snapshot) []*sample {
	creds := c.credentials(s.Profiles)
	ms := make([]*sample, 0, 2+len(s.Hosts)+len(creds)*(2+len(states)))
	gauge := func(d *desc, v float64, labels []*dto.LabelPair) {
		ms = append(ms, &sample{desc: d, labels: labels, value: v})
	}
	gauge(c.d.status, float64(profile.ExitCode(s.Status)), nil)
	gauge(c.d.snapshot, unixSeconds(s.CheckedAt), nil)
	names, reachable := c.hosts(s.Hosts)
	for _, name := range names {
		gauge(c.d.reachable, bool01(reachable[name]), pairs(hostLabel, []string{name}))
	}
	for _, cr := range creds {
		labels := pairs(CredentialLabels, cr.labels)
		gauge(c.d.inUse, bool01(cr.judged), labels)
		for i, st := range states {
			// "state" sorts after every credential label.
			gauge(c.d.state, bool01(cr.state == st), append(labels[:len(labels):len(labels)], statePairs[i]))
		}
		if cr.hasDL {
			gauge(c.d.deadline, unixSeconds(cr.deadline), labels)
		}
	}
	return ms
}

var hostLabel = []string{"host"}

// statePairs are the state label's pairs, one per state.
var statePairs = func() []*dto.LabelPair {
	out := make([]*dto.LabelPair, len(states))
	for i, st := range states {
		out[i] = pairs([]string{"state"}, []string{string(st)})[0]
	}
	return out
}()

// hosts are the hosts' cleaned names in order, each once, and whether each
// is reachable (settings names are unique; should two clean to the same
// label, the host is reachable only when both are).
func (c *Collector) hosts(hs []profile.Host) ([]string, map[string]bool) {
	var names []string
	reachable := make(map[string]bool, len(hs))
	for _, h := range hs {
		name := c.label(h.Name)
		r, seen := reachable[name]
		if !seen {
			names = append(names, name)
			r = true
		}
		reachable[name] = r && h.Reachable
	}
	return names, reachable
}

func bool01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// unixSeconds keeps milliseconds, as the stores do.
func unixSeconds(t time.Time) float64 { return float64(t.UnixMilli()) / 1e3 }

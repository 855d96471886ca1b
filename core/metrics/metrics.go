// Package metrics is the Prometheus view of a snapshot: the same rows and
// verdict as `authtray status`, as metrics for a fleet's monitoring.
//
// The metric names and labels are an interface: dashboards and alerting
// rules (packaging/prometheus/authtray.rules.yml) depend on them, so they
// never change meaning. A Collector holds the metrics of the last snapshot
// it was given, built once per snapshot: a scrape reads nothing and judges
// nothing, it sends what the live loop last published.
package metrics

import (
	"strings"
	"sync"
	"sync/atomic"

	dto "github.com/prometheus/client_model/go"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
)

// The metric names.
const (
	DeadlineName      = "authtray_credential_deadline_timestamp_seconds"
	StateName         = "authtray_credential_state"
	InUseName         = "authtray_credential_in_use"
	StatusName        = "authtray_status"
	HostReachableName = "authtray_host_reachable"
	SnapshotName      = "authtray_snapshot_timestamp_seconds"
	BuildInfoName     = "authtray_build_info"
)

// CredentialLabels are the labels of every per-credential metric, in order:
// the ssh host it was read on ("" for this machine: Prometheus's instance
// names it), its source, gateway agent ("" for a store every agent shares),
// profile id, provider and kind.
var CredentialLabels = []string{"host", "source", "agent", "profile", "provider", "kind"}

type descs struct {
	deadline, state, inUse, status, reachable, snapshot, build *desc
}

func newDescs() descs {
	withState := append(append([]string{}, CredentialLabels...), "state")
	return descs{
		deadline: newDesc(DeadlineName,
			"When the user must act by, in Unix seconds: a token's expiry, or the end of a login that refreshes itself (never its short-lived access token). No sample for a credential without one (API keys, tokens without expiry).",
			CredentialLabels),
		state: newDesc(StateName,
			"1 for the credential's current state, 0 for every other state authtray has ("+stateList()+").",
			withState),
		inUse: newDesc(InUseName,
			"1 when the credential counts toward the verdict (the gateway would select it: the rows status --check judges), else 0.",
			CredentialLabels),
		status: newDesc(StatusName,
			"The status --check exit code of the whole snapshot: 0 all fine, 1 expired, missing, unreadable or unreachable, 2 expiring.",
			nil),
		reachable: newDesc(HostReachableName,
			"1 when the last read of the ssh host succeeded, else 0.",
			[]string{"host"}),
		snapshot: newDesc(SnapshotName,
			"When the snapshot these metrics show was judged, in Unix seconds (it is kept current by file events and timers, not by scrapes).",
			nil),
		build: newDesc(BuildInfoName,
			"Always 1; the version label is authtray's version.",
			[]string{"version"}),
	}
}

// stateList is the engine's states, harmless to worst: "ok, unknown, …".
func stateList() string {
	names := make([]string, len(states))
	for i, st := range states {
		names[i] = string(st)
	}
	return strings.Join(names, ", ")
}

// Collector holds the metrics of the last snapshot given to Update. Before
// the first one it holds only authtray_build_info. It is safe for
// concurrent use; a Registry gathers it.
type Collector struct {
	d     descs
	clean func(string) string // safetext.Line, masked
	build *sample

	mu    sync.Mutex
	snap  profile.Snapshot
	gen   atomic.Uint64 // counts Updates; 0 before the first
	built uint64        // the generation fams were built from
	fams  []*dto.MetricFamily
}

// New returns a collector for authtray version; every label value is
// masked through secrets (nil masks nothing) and cleaned of control and
// bidi characters.
func New(version string, secrets *redact.Set) *Collector {
	c := &Collector{d: newDescs(), clean: safetext.Masked(secrets, safetext.Line)}
	c.build = &sample{desc: c.d.build, labels: pairs(c.d.build.labels, []string{c.label(version)}), value: 1}
	return c
}

// Update makes s the snapshot collected. It only keeps s: the metrics are
// built by the first scrape that wants them, so a live loop publishing
// snapshots nobody scrapes pays nothing for them.
func (c *Collector) Update(s profile.Snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.snap = s
	// Under the lock, with the snapshot: whoever sees the new generation
	// collects the new snapshot.
	c.gen.Add(1)
}

// Ready reports whether a snapshot has been given.
func (c *Collector) Ready() bool { return c.gen.Load() > 0 }

func (c *Collector) generation() uint64 { return c.gen.Load() }

// families are the metric families of the last snapshot, built once per
// snapshot, sorted as a Prometheus registry gathers them. They are shared
// by every scrape of the snapshot and never changed.
func (c *Collector) families() ([]*dto.MetricFamily, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen := c.gen.Load(); gen != c.built || c.fams == nil {
		ss := []*sample{c.build}
		if gen > 0 {
			ss = append(ss, c.metricsOf(c.snap)...)
		}
		fams, err := familiesOf(ss)
		if err != nil {
			return nil, err
		}
		c.fams, c.built = fams, gen
	}
	return c.fams, nil
}

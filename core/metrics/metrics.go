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

	"github.com/prometheus/client_golang/prometheus"

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
	deadline, state, inUse, status, reachable, snapshot, build *prometheus.Desc
}

func newDescs() descs {
	withState := append(append([]string{}, CredentialLabels...), "state")
	return descs{
		deadline: prometheus.NewDesc(DeadlineName,
			"When the user must act by, in Unix seconds: a token's expiry, or the end of a login that refreshes itself (never its short-lived access token). No sample for a credential without one (API keys, tokens without expiry).",
			CredentialLabels, nil),
		state: prometheus.NewDesc(StateName,
			"1 for the credential's current state, 0 for every other state authtray has ("+stateList()+").",
			withState, nil),
		inUse: prometheus.NewDesc(InUseName,
			"1 when the credential counts toward the verdict (the gateway would select it: the rows status --check judges), else 0.",
			CredentialLabels, nil),
		status: prometheus.NewDesc(StatusName,
			"The status --check exit code of the whole snapshot: 0 all fine, 1 expired, missing, unreadable or unreachable, 2 expiring.",
			nil, nil),
		reachable: prometheus.NewDesc(HostReachableName,
			"1 when the last read of the ssh host succeeded, else 0.",
			[]string{"host"}, nil),
		snapshot: prometheus.NewDesc(SnapshotName,
			"When the snapshot these metrics show was judged, in Unix seconds (it is kept current by file events and timers, not by scrapes).",
			nil, nil),
		build: prometheus.NewDesc(BuildInfoName,
			"Always 1; the version label is authtray's version.",
			[]string{"version"}, nil),
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

// Collector is a prometheus.Collector of the last snapshot given to Update.
// Before the first one it collects only authtray_build_info. It is safe
// for concurrent use; register it on a private registry (Registry).
type Collector struct {
	d     descs
	clean func(string) string // safetext.Line, masked
	build prometheus.Metric

	mu      sync.Mutex
	snap    profile.Snapshot
	gen     atomic.Uint64 // counts Updates; 0 before the first
	built   uint64        // the generation metrics were built from
	metrics []prometheus.Metric
}

// New returns a collector for authtray version; every label value is
// masked through secrets (nil masks nothing) and cleaned of control and
// bidi characters.
func New(version string, secrets *redact.Set) *Collector {
	c := &Collector{d: newDescs(), clean: safetext.Masked(secrets, safetext.Line)}
	c.build = prometheus.MustNewConstMetric(c.d.build, prometheus.GaugeValue, 1, c.label(version))
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

// Describe sends every metric's description.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.d.deadline, c.d.state, c.d.inUse, c.d.status, c.d.reachable, c.d.snapshot, c.d.build} {
		ch <- d
	}
}

// Collect sends the metrics of the last snapshot, built once per snapshot.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ch <- c.build
	c.mu.Lock()
	if gen := c.gen.Load(); gen != c.built {
		c.metrics, c.built = nil, gen
		if gen > 0 {
			c.metrics = c.metricsOf(c.snap)
		}
	}
	ms := c.metrics
	c.mu.Unlock()
	for _, m := range ms {
		ch <- m
	}
}

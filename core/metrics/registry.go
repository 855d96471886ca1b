package metrics

import (
	"fmt"
	"io"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// A Source gathers a collector's metric families and, with runtime, the
// Go runtime's and the process's own metrics (go_*, process_*), which a
// credential monitor's users rarely want, so they are off unless asked for.
//
// It is authtray's own, not client_golang's: client_golang's package
// prometheus registers its Go and process collectors at init, which every
// start of authtray, whichever command, paid for (0.3 to 0.8 ms of init,
// with procfs and expvar; bench/startup.sh). The families are encoded by
// prometheus/common's expfmt, the encoder client_golang uses, so the bytes
// served are the same.
type Source struct {
	c       *Collector
	runtime bool
}

// Registry is a private source of c and, with runtime, of go_* and
// process_*. Nothing is registered globally.
func Registry(c *Collector, runtime bool) *Source { return &Source{c: c, runtime: runtime} }

// Gather returns the metric families, sorted by name. With runtime, a
// process metric that cannot be read is an error next to the families
// that could.
func (r *Source) Gather() ([]*dto.MetricFamily, error) {
	fams, err := r.c.families()
	if err != nil || !r.runtime {
		return fams, err
	}
	fams = append(append([]*dto.MetricFamily(nil), fams...), goFamilies()...)
	proc, err := processFamilies()
	fams = append(fams, proc...)
	sortFamilies(fams)
	return fams, err
}

// Gatherer is what WriteText and Handler read: a Source, or a fake.
type Gatherer interface {
	Gather() ([]*dto.MetricFamily, error)
}

// WriteText writes what g gathers in the Prometheus text format (version
// 0.0.4), the format `promtool check metrics` and node_exporter's textfile
// collector read.
func WriteText(w io.Writer, g Gatherer) error {
	mfs, err := g.Gather()
	if err != nil {
		return fmt.Errorf("gather metrics: %w", err)
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("write metrics: %w", err)
		}
	}
	return nil
}

package metrics

import (
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// sample is one gauge value. It is a prometheus.Metric like a const
// metric, but its label pairs are built once per credential and shared by
// all its series (dto label pairs are immutable by contract), which makes
// building a 2,000-credential snapshot a quarter of the work (a const
// metric sorts and allocates its pairs per series). The registry
// still checks every sample (names, UTF-8, duplicates) as it gathers.
type sample struct {
	desc   *prometheus.Desc
	labels []*dto.LabelPair // sorted by name, as the registry wants them
	value  float64
}

func (s *sample) Desc() *prometheus.Desc { return s.desc }

func (s *sample) Write(m *dto.Metric) error {
	v := s.value
	m.Label = s.labels
	m.Gauge = &dto.Gauge{Value: &v}
	return nil
}

// pairs makes label pairs of names and values (the same length), sorted by
// name.
func pairs(names, values []string) []*dto.LabelPair {
	out := make([]*dto.LabelPair, len(names))
	for i := range names {
		out[i] = &dto.LabelPair{Name: &names[i], Value: &values[i]}
	}
	slices.SortFunc(out, func(a, b *dto.LabelPair) int { return strings.Compare(a.GetName(), b.GetName()) })
	return out
}

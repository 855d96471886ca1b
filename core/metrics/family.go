package metrics

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	dto "github.com/prometheus/client_model/go"
)

// familiesOf groups samples into gauge families, sorted as a Prometheus
// registry gathers them (client_golang's Gather, whose output the goldens
// and the e2e suite hold): families by name, a family's samples by their
// label values. It refuses what a registry refuses: a sample whose labels
// are not its family's, a label value that is not UTF-8, two samples with
// the same labels. A refusal fails the scrape; it never serves half the
// metrics as if they were all.
func familiesOf(ss []*sample) ([]*dto.MetricFamily, error) {
	byDesc := map[*desc]*dto.MetricFamily{}
	var out []*dto.MetricFamily
	for _, s := range ss {
		if err := checkSample(s); err != nil {
			return nil, err
		}
		mf := byDesc[s.desc]
		if mf == nil {
			mf = &dto.MetricFamily{Name: &s.desc.name, Help: &s.desc.help, Type: dto.MetricType_GAUGE.Enum()}
			byDesc[s.desc] = mf
			out = append(out, mf)
		}
		v := s.value
		mf.Metric = append(mf.Metric, &dto.Metric{Label: s.labels, Gauge: &dto.Gauge{Value: &v}})
	}
	for _, mf := range out {
		slices.SortStableFunc(mf.Metric, compareLabels)
		for i := 1; i < len(mf.Metric); i++ {
			if compareLabels(mf.Metric[i-1], mf.Metric[i]) == 0 {
				return nil, fmt.Errorf("collected metric %s was collected twice with the same labels", mf.GetName())
			}
		}
	}
	sortFamilies(out)
	return out, nil
}

// checkSample holds a sample to its family's label names and UTF-8.
func checkSample(s *sample) error {
	if len(s.labels) != len(s.desc.labels) {
		return fmt.Errorf("metric %s has %d labels, its family %d", s.desc.name, len(s.labels), len(s.desc.labels))
	}
	for _, lp := range s.labels {
		if !slices.Contains(s.desc.labels, lp.GetName()) {
			return fmt.Errorf("metric %s has label %q, not one of its family's", s.desc.name, lp.GetName())
		}
		if !utf8.ValidString(lp.GetValue()) {
			return fmt.Errorf("metric %s: label %s is not valid UTF-8", s.desc.name, lp.GetName())
		}
	}
	return nil
}

// compareLabels orders two samples of one family by their label values, in
// the order of their (sorted) label names, as client_golang does.
func compareLabels(a, b *dto.Metric) int {
	for i := range min(len(a.Label), len(b.Label)) {
		if c := strings.Compare(a.Label[i].GetValue(), b.Label[i].GetValue()); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a.Label), len(b.Label))
}

func sortFamilies(fams []*dto.MetricFamily) {
	slices.SortFunc(fams, func(a, b *dto.MetricFamily) int { return strings.Compare(a.GetName(), b.GetName()) })
}

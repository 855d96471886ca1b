package metrics

import (
	"slices"
	"strings"

	dto "github.com/prometheus/client_model/go"
)

// desc is one metric family: its name, help text and label names.
type desc struct {
	name, help string
	labels     []string
}

func newDesc(name, help string, labels []string) *desc {
	return &desc{name: name, help: help, labels: labels}
}

// sample is one gauge value. Its label pairs are built once per credential
// and shared by all its series (dto label pairs are never changed once
// built), which makes building a 2,000-credential snapshot a quarter of
// the work of a pair list per series. familiesOf checks every sample
// (label names, UTF-8, duplicates) as a Prometheus registry does.
type sample struct {
	desc   *desc
	labels []*dto.LabelPair // sorted by name
	value  float64
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

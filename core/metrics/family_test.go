package metrics

import (
	"strings"
	"testing"
)

// TestFamiliesOf: samples are grouped by family, families sorted by name
// and samples by label values; what a registry refuses is refused.
func TestFamiliesOf(t *testing.T) {
	a := newDesc("b_metric", "b", []string{"host", "id"})
	b := newDesc("a_metric", "a", nil)
	s := func(d *desc, v float64, values ...string) *sample {
		return &sample{desc: d, labels: pairs(d.labels, values), value: v}
	}
	fams, err := familiesOf([]*sample{s(a, 1, "y", "1"), s(b, 2), s(a, 3, "x", "2"), s(a, 4, "x", "1")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, mf := range fams {
		for _, m := range mf.GetMetric() {
			var ls []string
			for _, lp := range m.GetLabel() {
				ls = append(ls, lp.GetValue())
			}
			got = append(got, mf.GetName()+"{"+strings.Join(ls, ",")+"}")
		}
	}
	if want := "a_metric{} b_metric{x,1} b_metric{x,2} b_metric{y,1}"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
	for name, ss := range map[string][]*sample{
		"duplicate":    {s(a, 1, "x", "1"), s(a, 2, "x", "1")},
		"invalid utf8": {s(a, 1, "\xff", "1")},
		"label count":  {{desc: a, labels: pairs([]string{"host"}, []string{"x"})}},
		"label name":   {{desc: a, labels: pairs([]string{"host", "other"}, []string{"x", "y"})}},
	} {
		if _, err := familiesOf(ss); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

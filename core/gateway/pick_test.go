package gateway

import "testing"

// pick: unavailable profiles dropped; outside cooldown first; the first
// wins unless its readiness is unknown and a later one is ready; with none
// available, the first selected.
func TestPick(t *testing.T) {
	const u, k, r = unavailable, unknownReady, ready
	for _, c := range []struct {
		name    string
		order   []string
		cooling int
		ready   map[string]readiness
		want    string
	}{
		{"the first ready", []string{"a", "b"}, 0, map[string]readiness{"a": r, "b": r}, "a"},
		{"the first unavailable", []string{"a", "b"}, 0, map[string]readiness{"a": u, "b": k}, "b"},
		{"unknown, then ready", []string{"a", "b", "c"}, 0, map[string]readiness{"a": k, "b": u, "c": r}, "c"},
		{"unknown, none ready", []string{"a", "b", "c"}, 0, map[string]readiness{"a": k, "b": k, "c": u}, "a"},
		{"unavailable, unknown, unknown, ready", []string{"a", "b", "c", "d"}, 0, map[string]readiness{"a": u, "b": k, "c": k, "d": r}, "d"},
		{"ready before a cooling ready", []string{"a", "b"}, 1, map[string]readiness{"a": k, "b": r}, "a"},
		{"only the cooling one", []string{"a", "b", "c"}, 2, map[string]readiness{"a": u, "b": u, "c": k}, "c"},
		{"none available", []string{"a", "b"}, 1, map[string]readiness{"a": u, "b": u}, "a"},
		{"no profile", nil, 0, nil, ""},
	} {
		s := selection{Order: c.order, Cooling: c.cooling}
		if got := s.pick(func(id string) readiness { return c.ready[id] }); got != c.want {
			t.Errorf("%s: pick = %q, want %q", c.name, got, c.want)
		}
	}
}

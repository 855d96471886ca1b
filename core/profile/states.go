package profile

import "sort"

// States is every state the engine judges, from harmless to worst (the order
// Worse uses). A view that lists states, such as the metrics' state label,
// takes them from here, so a new state reaches it with its rank.
func States() []State {
	out := make([]State, 0, len(rank))
	for s := range rank {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return rank[out[i]] < rank[out[j]] })
	return out
}

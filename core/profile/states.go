package profile

import (
	"maps"
	"slices"
)

// States is every state the engine judges, from harmless to worst (the order
// Worse uses). A view that lists states, such as the metrics' state label,
// takes them from here, so a new state reaches it with its rank.
func States() []State {
	return slices.SortedFunc(maps.Keys(rank), func(a, b State) int { return rank[a] - rank[b] })
}

//go:build !linux && !(darwin && cgo)

package power

import "context"

// No source here (a darwin build without cgo cannot reach IOKit or
// notify(3)): the live loop's wall-clock check at its wakes notices a sleep
// or a clock change, up to its safety interval late.
func resumed(context.Context) <-chan struct{} { return nil }

func clockChanged(context.Context) <-chan struct{} { return nil }

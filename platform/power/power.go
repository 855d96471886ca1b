// Package power tells the live view when the machine wakes from suspend, so
// states and notifications are right within seconds of a resume instead of
// at the next safety wake.
package power

import "context"

// Resumed returns a channel that receives after every resume from suspend,
// or nil when the platform cannot say (the live loop then relies on its
// wall-clock check). It never fails loudly: no system bus, no logind, or a
// sandbox that forbids them all mean nil.
func Resumed(ctx context.Context) <-chan struct{} { return resumed(ctx) }

// Package power tells the live view when the machine wakes from suspend and
// when the wall clock is set, so states and notifications are right within
// seconds of either instead of at the next safety wake. Go timers run on
// the monotonic clock, which a clock change does not move and which stops
// during sleep (Linux, and macOS too): a timer armed for a wall-clock
// instant fires late after either, unless someone says so.
package power

import "context"

// Resumed returns a channel that receives after every resume from suspend,
// or nil when the platform cannot say (the live loop then relies on its
// wall-clock check). It never fails loudly: no system bus, no logind, or a
// sandbox that forbids them all mean nil.
func Resumed(ctx context.Context) <-chan struct{} { return resumed(ctx) }

// ClockChanged returns a channel that receives after every change of the
// wall clock that is not its normal running (settimeofday, NTP stepping it,
// a manual change), or nil when the platform cannot say. Like Resumed it
// never fails loudly. Nothing ticks: the kernel wakes the reader.
func ClockChanged(ctx context.Context) <-chan struct{} { return clockChanged(ctx) }

// signal delivers one event without blocking: a pending one already says
// "re-check", so a second adds nothing.
func signal(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

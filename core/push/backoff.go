package push

import "time"

// Backoff is how long a failing target waits before the next try:
// Min, doubling per failure up to Max, each spread by ±20 % so that
// several targets (or machines) failing together do not retry in step.
type Backoff struct{ Min, Max time.Duration }

// DefaultBackoff retries after 30 s, then 1, 2, 4 … minutes, at most every
// 30 min.
var DefaultBackoff = Backoff{Min: 30 * time.Second, Max: 30 * time.Minute}

// Delay is the wait after the failures-th failure in a row (1 is the
// first); rand is in [0, 1).
func (b Backoff) Delay(failures int, rand float64) time.Duration {
	d := b.Min
	for i := 1; i < failures && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	return time.Duration(float64(d) * (0.8 + 0.4*rand))
}

package remote

import "time"

// Backoff spaces reconnection attempts to a host: 1 s, 2 s, 4 s … up to
// Max, and back to the start once a session has stayed up.
type Backoff struct {
	Min, Max time.Duration
	next     time.Duration
}

// DefaultBackoff is what a watch session uses: fast recovery after a blip,
// at most one attempt every five minutes while a host is down.
func DefaultBackoff() Backoff { return Backoff{Min: time.Second, Max: 5 * time.Minute} }

// Next returns the wait before the next attempt and doubles the one after.
func (b *Backoff) Next() time.Duration {
	if b.next < b.Min {
		b.next = b.Min
	}
	d := b.next
	b.next = min(b.next*2, b.Max)
	return d
}

// Reset starts over after a success.
func (b *Backoff) Reset() { b.next = 0 }

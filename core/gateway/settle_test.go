package gateway

import (
	"testing"
	"time"
)

// A file settles SettleTime after both its times, and only if neither is a
// whole second (a coarse filesystem) or ahead of the clock.
func TestSettled(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 500_000_000, time.UTC)
	at := now.Add(-SettleTime).UnixNano() // the latest time that has settled
	for _, c := range []struct {
		name         string
		mtime, ctime int64
		want         bool
	}{
		{"both at the limit", at, at, true},
		{"long ago", at - int64(time.Hour), at - int64(time.Hour), true},
		{"changed a nanosecond later", at, at + 1, false},
		{"modified a nanosecond later", at + 1, at, false},
		{"changed just now", at - int64(time.Hour), now.UnixNano(), false},
		{"modified ahead of the clock", now.Add(time.Hour).UnixNano(), at, false},
		{"a whole-second mtime", at - at%1e9, at, false},
		{"a whole-second ctime", at, at - at%1e9, false},
	} {
		if got := settled(c.mtime, c.ctime, now); got != c.want {
			t.Errorf("%s: settled = %v, want %v", c.name, got, c.want)
		}
	}
}

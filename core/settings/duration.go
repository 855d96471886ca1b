package settings

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written as "24h", "90m" or "10d".
type Duration time.Duration

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalText() ([]byte, error) { return []byte(Format(time.Duration(d))), nil }

// errDuration never quotes what it was given: a token pasted into a
// duration setting or flag must not come back in the message.
var errDuration = errors.New("is not a duration (use e.g. 6h, 90m or 2d)")

// maxDays keeps days*24h inside a time.Duration (about 292 years).
const maxDays = 100_000

// ParseDuration accepts Go durations plus a day suffix: "6h", "90m", "10d",
// "1d12h". It refuses what does not fit a time.Duration instead of
// wrapping around ("213504d" was 25 minutes).
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 || strconv.Itoa(n) != s[:i] {
			return 0, errDuration
		}
		if n > maxDays {
			return 0, fmt.Errorf("is longer than %d days", maxDays)
		}
		days = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			return days, nil
		}
		if s[0] == '-' || s[0] == '+' {
			return 0, errDuration
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errDuration
	}
	if days > 0 && d > time.Duration(1<<63-1)-days {
		return 0, fmt.Errorf("is longer than %d days", maxDays)
	}
	return days + d, nil
}

// Format writes d the way ParseDuration reads it, shortest form.
func Format(d time.Duration) string {
	if d%(24*time.Hour) == 0 && d > 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String() // "1h30m0s", "1h0m0s", "45m0s", "30s"
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

package alert

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/schedule"
)

// TestScheduleWakesForEveryNotification: the loop sleeps until
// schedule.Next, so between two of its wakes no notification may become
// due. For generated profiles (static tokens, logins with and without a
// lead of their own, cooldowns), warn windows and "notify before" lists,
// what is due just after each wake is what is due just before the next.
func TestScheduleWakesForEveryNotification(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 1))
	t0 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	durs := []time.Duration{0, -time.Hour, time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour, 3 * 24 * time.Hour, 10 * 24 * time.Hour, 30 * 24 * time.Hour}
	pick := func() time.Duration { return durs[rng.IntN(len(durs))] }
	for i := range 2000 {
		p := profile.Profile{ID: fmt.Sprint(i), Kind: profile.Token, Judged: true}
		deadline := profile.Time(t0.Add(time.Duration(rng.Int64N(int64(40 * 24 * time.Hour)))))
		switch rng.IntN(3) {
		case 0:
			p.ExpiresAt = deadline
		case 1:
			p.Kind, p.CanRefresh, p.LoginEndsAt = profile.OAuth, true, deadline
			if rng.IntN(2) == 0 {
				p.LoginWarn = 10 * 24 * time.Hour
			}
		case 2:
			p.Kind, p.ExpiresAt = profile.OAuth, deadline
			p.Unusable = &profile.Unusable{Kind: "cooldown", Until: profile.Time(t0.Add(pick()))}
		}
		warn := pick()
		before := []time.Duration{pick(), pick()}
		pol := profile.Policy{Warn: warn}
		s := profile.Snapshot{Profiles: []profile.Profile{p}}
		due := func(at time.Time) string {
			pol.Now = at
			d, ok := dueFor(p, pol, before, at)
			if !ok {
				return ""
			}
			return d.threshold
		}
		now := t0
		for step := 0; ; step++ {
			next, ok := schedule.Next(s, now, warn, before)
			end := t0.Add(45 * 24 * time.Hour)
			if ok {
				end = next
			}
			if a, b := due(now.Add(time.Second)), due(end.Add(-time.Second)); end.Sub(now) > 2*time.Second && a != b {
				t.Fatalf("profile %+v, warn %v, before %v: due %q after the wake at %v but %q before the next wake at %v",
					p, warn, before, a, now, b, end)
			}
			if !ok || step > 20 {
				break
			}
			now = next
		}
	}
}

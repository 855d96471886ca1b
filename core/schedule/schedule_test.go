package schedule

import (
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

const (
	m = time.Minute
	h = time.Hour
	d = 24 * time.Hour
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func at(off time.Duration) *time.Time { return profile.Time(now.Add(off)) }

func TestNext(t *testing.T) {
	notify := []time.Duration{24 * h, h}
	tests := []struct {
		name     string
		profiles []profile.Profile
		warn     time.Duration
		notify   []time.Duration
		want     time.Duration // from now; 0 means none
	}{
		{"nothing", nil, 0, notify, 0},
		{"api key never changes", []profile.Profile{{Kind: profile.APIKey}}, 0, notify, 0},
		{"token far: warn-window start", []profile.Profile{{Kind: profile.Token, ExpiresAt: at(30 * d)}}, 0, notify, 29 * d},
		{"token inside warn window: 1 h threshold", []profile.Profile{{Kind: profile.Token, ExpiresAt: at(5 * h)}}, 0, notify, 4 * h},
		{"token inside last hour: expiry", []profile.Profile{{Kind: profile.Token, ExpiresAt: at(20 * m)}}, 0, notify, 20 * m},
		{"expired token: nothing left", []profile.Profile{{Kind: profile.Token, ExpiresAt: at(-h)}}, 0, notify, 0},
		{"custom warn window", []profile.Profile{{Kind: profile.Token, ExpiresAt: at(10 * d)}}, 3 * d, notify, 7 * d},
		{"custom threshold", []profile.Profile{{Kind: profile.Token, ExpiresAt: at(10 * h)}}, 0, []time.Duration{8 * h}, 2 * h},
		{"claude login warns 10 d ahead", []profile.Profile{{Source: profile.ClaudeCode, LoginWarn: 10 * d, Kind: profile.OAuth, CanRefresh: true, ExpiresAt: at(h), LoginEndsAt: at(23 * d)}}, 0, notify, 13 * d},
		{"gateway oauth without refresh: 5 min before expiry", []profile.Profile{{Source: profile.Gateway, Kind: profile.OAuth, ExpiresAt: at(20 * m)}}, 0, notify, 15 * m},
		{"refreshable access expiry is routine", []profile.Profile{{Source: profile.Gateway, Kind: profile.OAuth, CanRefresh: true, ExpiresAt: at(h)}}, 0, notify, 0},
		{"cooldown end", []profile.Profile{{Kind: profile.APIKey, Unusable: &profile.Unusable{Kind: "cooldown", Until: at(7 * m)}}}, 0, notify, 7 * m},
		{"earliest of many", []profile.Profile{
			{Kind: profile.Token, ExpiresAt: at(40 * d)},
			{Kind: profile.Token, ExpiresAt: at(90 * m)},
			{Kind: profile.APIKey},
		}, 0, notify, 30 * m},
		{"zero threshold ignored", []profile.Profile{{Kind: profile.Token, ExpiresAt: at(30 * h)}}, 0, []time.Duration{0}, 6 * h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := profile.Snapshot{Profiles: tt.profiles}
			got, ok := Next(s, now, tt.warn, tt.notify)
			if tt.want == 0 {
				if ok {
					t.Fatalf("Next = %v, want nothing", got.Sub(now))
				}
				return
			}
			if !ok || !got.Equal(now.Add(tt.want)) {
				t.Fatalf("Next = %v (ok %v), want %v", got.Sub(now), ok, tt.want)
			}
		})
	}
}

// At the instant Next returns, judging really does change state: walking a
// token from 30 days out to past its expiry visits every state once.
func TestNextWalksEveryState(t *testing.T) {
	p := profile.Profile{Kind: profile.Token, ExpiresAt: at(30 * d)}
	clock := now
	var seen []profile.State
	for range 10 {
		q := p
		profile.Judge(&q, profile.Policy{Now: clock})
		if len(seen) == 0 || seen[len(seen)-1] != q.State {
			seen = append(seen, q.State)
		}
		next, ok := Next(profile.Snapshot{Profiles: []profile.Profile{p}}, clock, 0, []time.Duration{h})
		if !ok {
			break
		}
		clock = next
	}
	want := []profile.State{profile.OK, profile.Expiring, profile.Expired}
	if len(seen) != len(want) {
		t.Fatalf("states visited %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("states visited %v, want %v", seen, want)
		}
	}
	if !clock.Equal(now.Add(30 * d)) {
		t.Fatalf("walk ended at %v, want the expiry", clock.Sub(now))
	}
}

func TestRefresh(t *testing.T) {
	tests := []struct {
		name string
		ps   []profile.Profile
		want time.Duration // 0: none
	}{
		{"no times", []profile.Profile{{Kind: profile.APIKey}}, 0},
		{"45 m 30 s away: next minute boundary", []profile.Profile{{ExpiresAt: at(45*m + 30*time.Second)}}, 30 * time.Second},
		{"exactly 45 m away: a full minute", []profile.Profile{{ExpiresAt: at(45 * m)}}, m},
		{"expired 10 m 20 s ago", []profile.Profile{{ExpiresAt: at(-(10*m + 20*time.Second))}}, 40 * time.Second},
		{"3 h away", []profile.Profile{{ExpiresAt: at(3 * h)}}, 5 * m},
		{"20 h away", []profile.Profile{{ExpiresAt: at(20 * h)}}, 15 * m},
		{"login ends in 3 d", []profile.Profile{login(3*d, 0)}, h},
		{"login ends in 23 d", []profile.Profile{login(23*d, 0)}, 6 * h},
		{"closest wins", []profile.Profile{login(23*d, 0), {ExpiresAt: at(2 * h)}}, 5 * m},
		{"access token lapsing in 40 m: once, when it lapses", []profile.Profile{login(23*d, 40*m)}, 40 * m},
		{"access token lapsed: not counted", []profile.Profile{login(23*d, -3*h)}, 6 * h},
		{"access token only", []profile.Profile{login(0, 20*m)}, 20 * m},
		{"API keys, errors and missing rows show no time", []profile.Profile{
			{Kind: profile.APIKey, ExpiresAt: at(10 * m)},
			{State: profile.Error, ExpiresAt: at(10 * m)},
			{State: profile.Missing, ExpiresAt: at(10 * m)},
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Refresh(profile.Snapshot{Profiles: tt.ps}, now)
			if tt.want == 0 {
				if ok {
					t.Fatalf("Refresh = %v, want none", got.Sub(now))
				}
				return
			}
			if !ok || got.Sub(now) != tt.want {
				t.Fatalf("Refresh = %v (ok %v), want %v", got.Sub(now), ok, tt.want)
			}
		})
	}
}

// An idle tray whose nearest deadline is weeks away wakes up at most a few
// times a day for redraws.
func TestRefreshIdleBudget(t *testing.T) {
	s := profile.Snapshot{Profiles: []profile.Profile{login(23*d, 0)}}
	clock, wakes := now, 0
	for clock.Before(now.Add(24 * h)) {
		next, ok := Refresh(s, clock)
		if !ok {
			t.Fatal("no refresh")
		}
		clock, wakes = next, wakes+1
	}
	if wakes > 4 {
		t.Fatalf("%d redraws in a day, want at most 4", wakes)
	}
}

// login is a refreshable Claude Code login ending at now+end whose access
// token expires at now+access (0: neither is set).
func login(end, access time.Duration) profile.Profile {
	p := profile.Profile{Source: profile.ClaudeCode, LoginWarn: 10 * 24 * time.Hour, Kind: profile.OAuth, CanRefresh: true}
	if end != 0 {
		p.LoginEndsAt = at(end)
	}
	if access != 0 {
		p.ExpiresAt = at(access)
	}
	return p
}

// A Claude Code login in daily use: its owner renews the access token every
// 8 h, the login ends weeks away. The tray may wake for the redraws of the
// login's countdown and once per renewal (the text flips to "refreshes on
// next use"), never once a minute before each renewal.
func TestRefreshLoginInUse(t *testing.T) {
	clock, wakes := now, 0
	access := now.Add(50 * m)
	for clock.Before(now.Add(24 * h)) {
		for !access.After(clock) {
			access = access.Add(8 * h) // Claude Code refreshed it
		}
		p := login(23*d, 0)
		p.ExpiresAt = profile.Time(access)
		p.LoginEndsAt = profile.Time(now.Add(23 * d))
		next, ok := Refresh(profile.Snapshot{Profiles: []profile.Profile{p}}, clock)
		if !ok {
			t.Fatal("no refresh")
		}
		clock, wakes = next, wakes+1
	}
	if wakes > 8 {
		t.Fatalf("%d redraws in a day, want at most 8 (4 for the login, 3 renewals)", wakes)
	}
}

package profile

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func at(d time.Duration) *time.Time { return Time(now.Add(d)) }

func TestJudge(t *testing.T) {
	const h, d = time.Hour, 24 * time.Hour
	tests := []struct {
		name    string
		p       Profile
		warn    time.Duration
		state   State
		message string
	}{
		{"api key", Profile{Kind: APIKey}, 0, OK, "API key · no expiry"},
		{"token without expiry", Profile{Kind: Token}, 0, Unknown, "Expiry unknown"},
		{"token far", Profile{Kind: Token, ExpiresAt: at(300 * d)}, 0, OK, "Expires in 300 d (Sep 20 2027)"},
		{"token 25h", Profile{Kind: Token, ExpiresAt: at(25 * h)}, 0, OK, "Expires in 1 d 1 h (Wed 11:00)"},
		{"token exactly at window", Profile{Kind: Token, ExpiresAt: at(24 * h)}, 0, Expiring, "Expires in 1 d (Wed 10:00)"},
		{"token 5h12m", Profile{Kind: Token, ExpiresAt: at(5*h + 12*time.Minute)}, 0, Expiring, "Expires in 5 h 12 m (15:12)"},
		{"token inside a custom window", Profile{Kind: Token, ExpiresAt: at(5 * h)}, 6 * h, Expiring, "Expires in 5 h (15:00)"},
		{"token outside a custom window", Profile{Kind: Token, ExpiresAt: at(7 * h)}, 6 * h, OK, "Expires in 7 h (17:00)"},
		{"token expired", Profile{Kind: Token, ExpiresAt: at(-2 * h)}, 0, Expired, "Expired 2 h ago (08:00)"},
		{"token expiring now", Profile{Kind: Token, ExpiresAt: at(0)}, 0, Expired, "Expired just now (10:00)"},
		// A gateway OAuth profile without a refresh token is judged by its
		// access expiry, like a static token.
		{"oauth no refresh, expired", Profile{Source: Gateway, Kind: OAuth, ExpiresAt: at(-h)}, 0, Expired, "Expired 1 h ago (09:00)"},
		{"oauth no refresh, expiring", Profile{Source: Gateway, Kind: OAuth, ExpiresAt: at(h)}, 0, Expiring, "Expires in 1 h (11:00)"},
		// With a refresh token the access expiry is routine.
		{"gateway oauth access expired, refresh present", Profile{Source: Gateway, Kind: OAuth, CanRefresh: true, ExpiresAt: at(-3 * h)}, 0, OK, "Access token refreshes on next use"},
		{"gateway oauth access valid", Profile{Source: Gateway, Kind: OAuth, CanRefresh: true, ExpiresAt: at(2 * h)}, 0, OK, "Access token valid for 2 h, then refreshes automatically"},
		// Disabled by the gateway for auth: refreshing will not happen.
		{"gateway oauth disabled for auth, access expired", Profile{Source: Gateway, Kind: OAuth, CanRefresh: true, ExpiresAt: at(-3 * h),
			Unusable: &Unusable{Kind: "disabled", Reason: "auth_permanent", Until: at(3 * h)}, Note: "disabled by the gateway (auth_permanent) until 13:00"},
			0, Expired, "Disabled by the gateway for auth (auth_permanent) until 13:00 · access token expired 3 h ago"},
		{"gateway oauth disabled for auth, access valid", Profile{Source: Gateway, Kind: OAuth, CanRefresh: true, ExpiresAt: at(h),
			Unusable: &Unusable{Kind: "disabled", Reason: "auth", Until: at(2 * d)}}, 0, Expired, "Disabled by the gateway for auth (auth) until Thu 10:00"},
		{"gateway oauth auth disable over", Profile{Source: Gateway, Kind: OAuth, CanRefresh: true, ExpiresAt: at(-3 * h),
			Unusable: &Unusable{Kind: "disabled", Reason: "auth", Until: at(-h)}}, 0, OK, "Access token refreshes on next use"},
		{"gateway oauth disabled for billing", Profile{Source: Gateway, Kind: OAuth, CanRefresh: true, ExpiresAt: at(-3 * h),
			Unusable: &Unusable{Kind: "disabled", Reason: "billing", Until: at(h)}}, 0, OK, "Access token refreshes on next use"},
		{"gateway oauth cooling down", Profile{Source: Gateway, Kind: OAuth, CanRefresh: true, ExpiresAt: at(-3 * h),
			Unusable: &Unusable{Kind: "cooldown", Reason: "auth", Until: at(h)}}, 0, OK, "Access token refreshes on next use"},
		// Claude Code: the login's end is the deadline; warn 10 days ahead.
		{"claude login ends in 23 d", Profile{Source: ClaudeCode, LoginWarn: 10 * d, Kind: OAuth, CanRefresh: true, ExpiresAt: at(-h), LoginEndsAt: at(23 * d)}, 0, OK, "Access token refreshes on next use · login ends in 23 d"},
		{"claude login ends in 9 d", Profile{Source: ClaudeCode, LoginWarn: 10 * d, Kind: OAuth, CanRefresh: true, ExpiresAt: at(h), LoginEndsAt: at(9 * d)}, 0, Expiring, "Login ends in 9 d (Dec 3)"},
		{"claude login ends in 12 d with 14 d window", Profile{Source: ClaudeCode, LoginWarn: 10 * d, Kind: OAuth, CanRefresh: true, LoginEndsAt: at(12 * d)}, 14 * d, Expiring, "Login ends in 12 d (Dec 6)"},
		{"claude login ended", Profile{Source: ClaudeCode, LoginWarn: 10 * d, Kind: OAuth, CanRefresh: true, LoginEndsAt: at(-26 * h)}, 0, Expired, "Login ended 1 d 2 h ago (Mon 08:00)"},
		{"claude login end unknown", Profile{Source: ClaudeCode, LoginWarn: 10 * d, Kind: OAuth, CanRefresh: true, ExpiresAt: at(-h)}, 0, OK, "Access token refreshes on next use"},
		// The lead is the row's, whatever its source: none, the window.
		{"login without a lead of its own", Profile{Source: ClaudeCode, Kind: OAuth, CanRefresh: true, ExpiresAt: at(h), LoginEndsAt: at(9 * d)}, 0, OK, "Access token valid for 1 h, then refreshes automatically · login ends in 9 d"},
		{"another source's login with a lead", Profile{Source: "codex", LoginWarn: 10 * d, Kind: OAuth, CanRefresh: true, LoginEndsAt: at(9 * d)}, 0, Expiring, "Login ends in 9 d (Dec 3)"},
		// A state set by the source wins.
		{"source error kept", Profile{Kind: Token, State: Error, Message: "Malformed JSON at line 3", ExpiresAt: at(-h)}, 0, Error, "Malformed JSON at line 3"},
		{"source missing kept", Profile{Kind: OAuth, State: Missing, Message: "Not signed in"}, 0, Missing, "Not signed in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			Judge(&p, Policy{Now: now, Warn: tt.warn, Zone: time.UTC})
			if p.State != tt.state || p.Message != tt.message {
				t.Errorf("Judge = %s %q, want %s %q", p.State, p.Message, tt.state, tt.message)
			}
			if tt.p.Unusable != nil && tt.state == Expired && strings.Contains(p.Note, "disabled by the gateway") {
				t.Errorf("Note %q repeats the message", p.Note)
			}
			if p.Refreshable != (p.Kind == OAuth && p.CanRefresh) {
				t.Errorf("Refreshable = %v for kind %s, CanRefresh %v", p.Refreshable, p.Kind, p.CanRefresh)
			}
		})
	}
}

func TestSpan(t *testing.T) {
	const h, d = time.Hour, 24 * time.Hour
	tests := map[time.Duration]string{
		30 * time.Second:          "under a minute",
		time.Minute:               "1 m",
		45 * time.Minute:          "45 m",
		h:                         "1 h",
		5*h + 12*time.Minute:      "5 h 12 m",
		d:                         "1 d",
		3*d + 4*h + time.Minute:   "3 d 4 h",
		7*d + 23*h:                "8 d",
		23 * d:                    "23 d",
		365*d + 5*h + time.Second: "365 d",
		// Time.Sub's cap, for a gateway token expiring in the year 3000.
		time.Duration(math.MaxInt64): "106752 d",
		// From 7 d on, rounded to the nearest day: a 365 d token pasted a
		// minute ago is not "364 d".
		365*d - time.Minute: "365 d",
		7*d + 12*h:          "8 d",
		6*d + 23*h:          "6 d 23 h",
	}
	for in, want := range tests {
		if got := Span(in); got != want {
			t.Errorf("Span(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestVerdict(t *testing.T) {
	judged := func(s State) Profile { return Profile{State: s, Judged: true, Source: Gateway} }
	unused := func(s State) Profile { return Profile{State: s, Source: Gateway} }
	tests := []struct {
		name  string
		ps    []Profile
		state State
		code  int
	}{
		{"all ok", []Profile{judged(OK), judged(Unknown)}, OK, 0},
		{"one expiring", []Profile{judged(OK), judged(Expiring)}, Expiring, 2},
		{"expired beats expiring", []Profile{judged(Expiring), judged(Expired)}, Expired, 1},
		{"missing", []Profile{judged(Missing), judged(Expiring)}, Missing, 1},
		{"error", []Profile{judged(Error)}, Error, 1},
		{"unreachable", []Profile{judged(Unreachable), judged(Expiring)}, Unreachable, 1},
		{"unused expired does not count", []Profile{judged(OK), unused(Expired)}, OK, 0},
		{"no credentials at all", nil, Missing, 1},
		{"only a signed-out Claude Code dir", []Profile{{Source: ClaudeCode, Optional: true, State: Missing, Judged: true}}, Missing, 1},
		{"signed-out Claude Code dir beside a gateway token", []Profile{{Source: ClaudeCode, Optional: true, State: Missing, Judged: true}, judged(OK)}, OK, 0},
		{"ended Claude Code login beside an unused env key", []Profile{{Source: ClaudeCode, Optional: true, State: Expired, Judged: true}, {Source: Env, Kind: APIKey, State: OK}}, Expired, 1},
		{"a missing row that is not optional counts", []Profile{{Source: ClaudeCode, State: Missing, Judged: true}, judged(OK)}, Missing, 1},
		{"only an ended Claude Code login", []Profile{{Source: ClaudeCode, Optional: true, State: Expired, Judged: true}}, Expired, 1},
		{"a confirmed expiry beats a host that is down", []Profile{judged(Expired), {State: Unreachable, Judged: true, Host: "vps"}}, Expired, 1},
		{"a confirmed expiry beats an unreadable store", []Profile{judged(Error), judged(Expired)}, Expired, 1},
		{"unreadable beats expiring", []Profile{judged(Expiring), judged(Error)}, Error, 1},
		{"a host's own line is no credential", []Profile{{Source: ClaudeCode, Optional: true, State: Missing, Judged: true}, {State: Unreachable, Judged: true, Host: "vps"}}, Missing, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Snapshot{Profiles: tt.ps}
			s.Finish(Policy{Now: now})
			if s.Status != tt.state || ExitCode(s.Status) != tt.code {
				t.Errorf("status %s (exit %d), want %s (exit %d)", s.Status, ExitCode(s.Status), tt.state, tt.code)
			}
			// Finish runs again once remote rows are merged in: the
			// note must follow the second verdict, not linger.
			s.Profiles = append(s.Profiles, judged(OK))
			s.Finish(Policy{Now: now})
			if slices.Contains(s.Notes, NoCredentials) {
				t.Errorf("notes %q after a credential was merged in", s.Notes)
			}
		})
	}
}

func TestDeadline(t *testing.T) {
	end := at(10 * 24 * time.Hour)
	p := Profile{Kind: OAuth, CanRefresh: true, ExpiresAt: at(time.Hour), LoginEndsAt: end}
	if got, ok := p.Deadline(); !ok || !got.Equal(*end) {
		t.Errorf("refreshable deadline = %v %v, want the login end", got, ok)
	}
	p.CanRefresh = false
	if got, ok := p.Deadline(); !ok || !got.Equal(now.Add(time.Hour)) {
		t.Errorf("static deadline = %v %v, want the access expiry", got, ok)
	}
	if _, ok := (Profile{Kind: APIKey}).Deadline(); ok {
		t.Error("an API key has no deadline")
	}
}

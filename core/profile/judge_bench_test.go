package profile

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkJudge judges a large host's rows (2,000, as sqlite-100x20):
// refreshable logins with and without an end, tokens that expire, keys.
func BenchmarkJudge(b *testing.B) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	pol := Policy{Now: now, Zone: time.UTC}
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	kinds := []Profile{
		{Kind: OAuth, CanRefresh: true, ExpiresAt: at(5*time.Hour + 12*time.Minute)},
		{Kind: OAuth, CanRefresh: true, ExpiresAt: at(-time.Hour), LoginEndsAt: at(40 * 24 * time.Hour)},
		{Kind: OAuth, CanRefresh: true, ExpiresAt: at(3 * time.Hour), LoginEndsAt: at(10 * time.Hour)},
		{Kind: Token, ExpiresAt: at(200 * 24 * time.Hour)},
		{Kind: Token, ExpiresAt: at(-2 * 24 * time.Hour)},
		{Kind: APIKey},
	}
	rows := make([]Profile, 2000)
	for i := range rows {
		rows[i] = kinds[i%len(kinds)]
	}
	ps := make([]Profile, len(rows))
	b.ReportAllocs()
	for b.Loop() {
		copy(ps, rows)
		for i := range ps {
			Judge(&ps[i], pol)
		}
	}
}

// BenchmarkSort sorts a large host's rows (2,023, as sqlite-100x20), which
// come in order, as a scan's readers give them.
func BenchmarkSort(b *testing.B) {
	rows := []Profile{{ID: "a", Source: ClaudeCode, Location: "/h/.claude/.credentials.json"}, {ID: "b", Source: ClaudeCode, Location: "keychain"}}
	for a := range 100 {
		for i := range 20 {
			rows = append(rows, Profile{ID: fmt.Sprintf("p%02d", i), Source: Gateway, StateDir: "/h/.openclaw", Agent: fmt.Sprintf("agent%03d", a),
				Location: fmt.Sprintf("/h/.openclaw/agents/agent%03d/agent/openclaw-agent.sqlite", a)})
		}
	}
	for i := range 21 {
		rows = append(rows, Profile{ID: fmt.Sprintf("K%02d", i), Source: Env, Location: fmt.Sprintf("K%02d", i)})
	}
	ps := make([]Profile, len(rows))
	for b.Loop() {
		copy(ps, rows)
		Sort(ps)
	}
}

package profile

import (
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

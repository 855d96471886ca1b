package metrics

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

var benchNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// fleetSnapshot is a judged snapshot of agents × n gateway profiles each
// (a mix of tokens, API keys and OAuth logins, a fifth in use), as one
// host with many agents gives.
func fleetSnapshot(agents, n int) profile.Snapshot {
	var s profile.Snapshot
	providers := []string{"anthropic", "openai", "openrouter", "google", "mistral"}
	for a := 0; a < agents; a++ {
		agent := fmt.Sprintf("agent-%03d", a)
		for i := 0; i < n; i++ {
			prov := providers[i%len(providers)]
			p := profile.Profile{
				ID: fmt.Sprintf("%s:%s-%02d", prov, agent, i), Provider: prov, Source: profile.Gateway, Agent: agent,
				Location: "/home/u/.openclaw/agents/" + agent + "/agent/openclaw-agent.sqlite", Judged: i%5 == 0,
			}
			switch i % 4 {
			case 0:
				p.Kind, p.ExpiresAt = profile.Token, profile.Time(benchNow.Add(time.Duration(i-8)*24*time.Hour))
			case 1:
				p.Kind = profile.APIKey
			case 2:
				p.Kind, p.CanRefresh, p.ExpiresAt = profile.OAuth, true, profile.Time(benchNow.Add(time.Hour))
			default:
				p.Kind = profile.Token
			}
			s.Profiles = append(s.Profiles, p)
		}
	}
	s.Finish(profile.Policy{Now: benchNow})
	return s
}

// scrapeRequest is what Prometheus 2.x sends.
func scrapeRequest() *http.Request {
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1")
	req.Header.Set("Accept-Encoding", "gzip")
	return req
}

// BenchmarkScrape is one Prometheus scrape of /metrics (text format, gzip,
// as Prometheus asks for it), for one small host and for 100 agents × 20
// profiles (2,000 credentials, 16,503 series). "unchanged" is a scrape of
// the snapshot the previous scrape saw (the usual case: snapshots change
// on file events and thresholds, scrapes come every 15 s); "changed" is the
// first scrape after a new snapshot, which encodes it. Target: ≤ 5 ms.
func BenchmarkScrape(b *testing.B) {
	for _, size := range []struct{ agents, n int }{{1, 5}, {100, 20}} {
		snap := fleetSnapshot(size.agents, size.n)
		for _, changed := range []bool{false, true} {
			name := fmt.Sprintf("%dx%d/unchanged", size.agents, size.n)
			if changed {
				name = fmt.Sprintf("%dx%d/changed", size.agents, size.n)
			}
			b.Run(name, func(b *testing.B) {
				c := New("1.2.3", nil)
				c.Update(snap)
				h := Handler(c, Registry(c, false), true)
				req := scrapeRequest()
				serve(b, h, req) // the cache holds this snapshot now
				var bytes int
				b.ReportAllocs()
				for b.Loop() {
					if changed {
						b.StopTimer()
						c.Update(snap)
						b.StartTimer()
					}
					bytes = serve(b, h, req)
				}
				b.ReportMetric(float64(bytes), "bytes/scrape")
			})
		}
	}
}

func serve(b *testing.B, h http.Handler, req *http.Request) int {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK || w.Header().Get("Content-Encoding") != "gzip" {
		b.Fatalf("status %d, encoding %q", w.Code, w.Header().Get("Content-Encoding"))
	}
	return w.Body.Len()
}

// BenchmarkBuild is what a new snapshot costs its first scrape before
// encoding: building its metrics. (Update itself only keeps the snapshot:
// the live loop pays nothing.)
func BenchmarkBuild(b *testing.B) {
	snap := fleetSnapshot(100, 20)
	c := New("1.2.3", nil)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.metricsOf(snap)
	}
}

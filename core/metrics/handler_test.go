package metrics

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/authtray/authtray/core/profile"
)

func get(t *testing.T, h http.Handler, path string, header ...string) (int, http.Header, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	body := w.Body.Bytes()
	if w.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		body, err = io.ReadAll(zr)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
	}
	return w.Code, w.Header(), string(body)
}

func expiringToken(d time.Duration) profile.Snapshot {
	return snapshotOf(profile.Profile{ID: "anthropic:manual", Provider: "anthropic", Source: profile.Gateway, Kind: profile.Token,
		ExpiresAt: profile.Time(now.Add(d)), Judged: true})
}

// TestHandler: /healthz says whether a snapshot is there; /metrics serves
// the last snapshot in the negotiated format and compression, and a new
// snapshot reaches the very next scrape (the cache never serves an old
// one); other paths are 404.
func TestHandler(t *testing.T) {
	for _, cached := range []bool{true, false} {
		c := New("1.2.3", nil)
		h := Handler(c, Registry(c, false), cached)
		if code, _, body := get(t, h, "/healthz"); code != http.StatusServiceUnavailable || body != "starting\n" {
			t.Errorf("cached=%v: /healthz before a snapshot: %d %q", cached, code, body)
		}
		if code, _, body := get(t, h, "/metrics"); code != 200 || !strings.Contains(body, "authtray_build_info") || strings.Contains(body, "authtray_status") {
			t.Errorf("cached=%v: /metrics before a snapshot: %d\n%s", cached, code, body)
		}
		for i, tc := range []struct {
			snap   profile.Snapshot
			status string
		}{
			{expiringToken(time.Hour), "authtray_status 2\n"},
			{expiringToken(-time.Hour), "authtray_status 1\n"},
			{expiringToken(100 * time.Hour), "authtray_status 0\n"},
		} {
			c.Update(tc.snap)
			for _, enc := range []string{"gzip", ""} {
				for range 2 { // the second is served from the cache
					code, hdr, body := get(t, h, "/metrics", "Accept-Encoding", enc)
					if code != 200 || !strings.Contains(body, tc.status) {
						t.Errorf("cached=%v snapshot %d enc %q: %d, want %q in\n%s", cached, i, enc, code, tc.status, body)
					}
					if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
						t.Errorf("cached=%v: content type %q", cached, ct)
					}
					if got := hdr.Get("Content-Encoding"); got != enc {
						t.Errorf("cached=%v: asked %q, got encoding %q", cached, enc, got)
					}
				}
			}
		}
		code, hdr, _ := get(t, h, "/metrics", "Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
		if code != 200 || !strings.Contains(hdr.Get("Content-Type"), "protobuf") {
			t.Errorf("cached=%v: protobuf asked, got %d %q", cached, code, hdr.Get("Content-Type"))
		}
		if code, _, body := get(t, h, "/healthz"); code != 200 || body != "ok\n" {
			t.Errorf("cached=%v: /healthz: %d %q", cached, code, body)
		}
		if code, _, _ := get(t, h, "/metrics/x"); code != http.StatusNotFound {
			t.Errorf("cached=%v: /metrics/x: %d", cached, code)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/metrics", nil))
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("cached=%v: POST /metrics: %d", cached, w.Code)
		}
	}
}

// TestHandlerConcurrent: scrapes racing with new snapshots (run with
// -race) always parse and show one of the snapshots, and once the updates
// stop the next scrape shows the last.
func TestHandlerConcurrent(t *testing.T) {
	c := New("1.2.3", nil)
	h := Handler(c, Registry(c, false), true)
	snaps := []profile.Snapshot{expiringToken(time.Hour), expiringToken(-time.Hour), expiringToken(100 * time.Hour)}
	c.Update(snaps[0])
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				code, _, body := get(t, h, "/metrics", "Accept-Encoding", "gzip")
				if code != 200 {
					t.Errorf("scrape: %d", code)
					return
				}
				parser := expfmt.NewTextParser(model.LegacyValidation)
				if _, err := parser.TextToMetricFamilies(strings.NewReader(body)); err != nil {
					t.Errorf("scrape does not parse: %v", err)
					return
				}
			}
		})
	}
	for i := range 300 {
		c.Update(snaps[i%len(snaps)])
	}
	close(stop)
	wg.Wait()
	last := snaps[299%len(snaps)]
	want := fmt.Sprintf("authtray_status %d\n", profile.ExitCode(last.Status))
	if _, _, body := get(t, h, "/metrics", "Accept-Encoding", "gzip"); !strings.Contains(body, want) {
		t.Errorf("after the updates: want %q in\n%s", want, body)
	}
}

// TestRuntimeMetrics: the Go runtime's and the process's metrics only when
// asked for.
func TestRuntimeMetrics(t *testing.T) {
	for _, runtime := range []bool{false, true} {
		c := New("1.2.3", nil)
		c.Update(expiringToken(time.Hour))
		_, _, body := get(t, Handler(c, Registry(c, runtime), !runtime), "/metrics")
		if got := strings.Contains(body, "\ngo_goroutines "); got != runtime {
			t.Errorf("runtime=%v: go_goroutines present: %v", runtime, got)
		}
		if !strings.Contains(body, "authtray_status 2\n") {
			t.Errorf("runtime=%v: no authtray_status in\n%s", runtime, body)
		}
	}
}

package metrics

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
)

// TestContentEncoding: gzip only when the scraper ranks it above identity,
// as promhttp negotiated.
func TestContentEncoding(t *testing.T) {
	for _, tc := range []struct {
		header []string
		want   string
	}{
		{nil, "identity"},
		{[]string{"gzip"}, "gzip"},
		{[]string{"gzip, deflate, br"}, "gzip"},
		{[]string{"gzip;q=0"}, "identity"},
		{[]string{"identity;q=0.5, gzip;q=0.9"}, "gzip"},
		{[]string{"gzip;q=0.5, identity"}, "identity"},
		{[]string{"gzip, identity"}, "identity"},
		{[]string{"*"}, "identity"},
		{[]string{"br"}, "identity"},
		{[]string{"br", "gzip"}, "gzip"},
		{[]string{"gzip;q=x"}, "identity"},
	} {
		h := http.Header{}
		for _, v := range tc.header {
			h.Add("Accept-Encoding", v)
		}
		if got := contentEncoding(h); got != tc.want {
			t.Errorf("Accept-Encoding %q: %s, want %s", tc.header, got, tc.want)
		}
	}
}

// TestNameFilter: name[] selects families, as promhttp's did.
func TestNameFilter(t *testing.T) {
	c := New("1.2.3", nil)
	c.Update(expiringToken(time.Hour))
	h := Handler(c, Registry(c, false), false)
	_, _, body := get(t, h, "/metrics?name[]="+StatusName+"&name[]="+BuildInfoName)
	if !strings.Contains(body, "\n"+StatusName+" 2\n") || !strings.Contains(body, BuildInfoName) || strings.Contains(body, StateName) {
		t.Errorf("name[] filter:\n%s", body)
	}
}

type failing struct{}

func (failing) Gather() ([]*dto.MetricFamily, error) {
	return nil, errors.New("read /proc/self/stat: gone")
}

// TestGatherError: a failed gather is a 500 saying why, never a page of
// metrics.
func TestGatherError(t *testing.T) {
	c := New("1.2.3", nil)
	code, hdr, body := get(t, Handler(c, failing{}, false), "/metrics", "Accept-Encoding", "gzip")
	if code != http.StatusInternalServerError || !strings.Contains(body, "read /proc/self/stat: gone") || hdr.Get("Content-Encoding") != "" {
		t.Errorf("%d %q %q", code, hdr.Get("Content-Encoding"), body)
	}
}

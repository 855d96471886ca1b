package metrics

import (
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/prometheus/common/expfmt"
)

// exposition serves what g gathers as client_golang's promhttp.HandlerFor
// does with HTTPErrorOnError, which it replaces (the same negotiation,
// headers, encoder and error bodies): the text format, or protobuf when
// asked for; gzip when the scraper prefers it; name[] selects families.
// A scrape that fails says why in its body and status; it never serves
// half the metrics as if they were all.
type exposition struct{ g Gatherer }

func (e exposition) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	mfs, err := e.g.Gather()
	if err != nil {
		httpError(w, err)
		return
	}
	format := expfmt.NegotiateAccept(r.Header, expfmt.DefaultAcceptedFormats()...)
	w.Header().Add("Vary", "Accept")
	w.Header().Add("Vary", "Accept-Encoding")
	w.Header().Set("Content-Type", string(format))
	var out io.Writer = w
	if contentEncoding(r.Header) == "gzip" {
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzipPool.Get().(*gzip.Writer)
		gz.Reset(w)
		defer func() { _ = gz.Close(); gzipPool.Put(gz) }()
		out = gz
	}
	var only map[string]bool
	if names := r.URL.Query()["name[]"]; len(names) > 0 {
		only = map[string]bool{}
		for _, n := range names {
			only[n] = true
		}
	}
	enc := expfmt.NewEncoder(out, format)
	for _, mf := range mfs {
		if only != nil && !only[mf.GetName()] {
			continue
		}
		if err := enc.Encode(mf); err != nil {
			httpError(w, err)
			return
		}
	}
	if closer, ok := enc.(expfmt.Closer); ok {
		if err := closer.Close(); err != nil {
			httpError(w, err)
		}
	}
}

// gzipPool keeps gzip writers, each of which allocates most of a megabyte.
var gzipPool = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// httpError is promhttp's error response. Once the body has started, the
// status is already sent: the error text ends the body, which no parser
// takes for metrics.
func httpError(w http.ResponseWriter, err error) {
	w.Header().Del("Content-Encoding")
	http.Error(w, "An error has occurred while serving metrics:\n\n"+err.Error(), http.StatusInternalServerError)
}

// contentEncoding is the encoding of identity and gzip the Accept-Encoding
// header ranks highest (identity on a tie, as promhttp's negotiation
// has it; a q of 0 refuses an encoding).
func contentEncoding(h http.Header) string {
	best, bestQ := "identity", -1.0
	for _, offer := range []string{"identity", "gzip"} {
		for _, spec := range acceptSpecs(h.Values("Accept-Encoding")) {
			if spec.q > bestQ && (spec.value == "*" || spec.value == offer) {
				best, bestQ = offer, spec.q
			}
		}
	}
	if bestQ == 0 {
		return "identity"
	}
	return best
}

type acceptSpec struct {
	value string
	q     float64
}

// acceptSpecs parses "gzip;q=0.5, identity" values; a malformed element
// ends its header value, as in promhttp's parser.
func acceptSpecs(values []string) []acceptSpec {
	var out []acceptSpec
	for _, v := range values {
		for _, elem := range strings.Split(v, ",") {
			token, params, hasParams := strings.Cut(strings.TrimSpace(elem), ";")
			token = strings.TrimSpace(token)
			if token == "" {
				break
			}
			spec := acceptSpec{value: token, q: 1}
			if hasParams {
				qs, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
				q, err := strconv.ParseFloat(qs, 64)
				if !ok || err != nil || q < 0 || q > 1 {
					break
				}
				spec.q = q
			}
			out = append(out, spec)
		}
	}
	return out
}

package metrics

import (
	"bytes"
	"net/http"
	"sync"
)

// Handler serves /metrics from g and /healthz: "ok" (200) once c holds a
// snapshot, "starting" (503) before. Any other path is 404.
//
// When g gathers nothing but c (cached true), a scrape's response is kept
// until the next snapshot: the metrics are a function of the snapshot, so
// encoding 2,000 credentials once per change instead of once per scrape
// is what keeps a scrape of a large host in microseconds. The metrics
// handler still negotiates every format and compression (exposition); the
// cache is keyed by the request headers it negotiates with.
func Handler(c *Collector, g Gatherer, cached bool) http.Handler {
	var metrics http.Handler = exposition{g}
	if cached {
		metrics = &cache{c: c, next: metrics}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !c.Ready() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("starting\n"))
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("authtray exporter: /metrics, /healthz\n"))
	})
	return mux
}

// cache keeps next's responses for the collector's current snapshot.
type cache struct {
	c    *Collector
	next http.Handler

	mu      sync.Mutex
	gen     uint64
	entries map[string]*response // by negotiated request headers
}

// maxEntries bounds the cache: one per distinct scraper configuration.
const maxEntries = 8

type response struct {
	header http.Header
	code   int
	body   []byte
}

func (k *cache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Accept") + "\x00" + r.Header.Get("Accept-Encoding")
	k.mu.Lock()
	gen := k.c.generation()
	if k.entries == nil || gen != k.gen || len(k.entries) >= maxEntries {
		k.gen, k.entries = gen, map[string]*response{}
	}
	resp := k.entries[key]
	if resp == nil {
		// Encoded under the lock: concurrent scrapes of a new snapshot
		// wait for one encoding instead of each doing their own.
		resp = record(k.next, r)
		if resp.code == http.StatusOK && k.c.generation() == gen {
			k.entries[key] = resp
		}
	}
	k.mu.Unlock()
	for name, vs := range resp.header {
		w.Header()[name] = vs
	}
	w.WriteHeader(resp.code)
	_, _ = w.Write(resp.body)
}

// record runs h and keeps its response.
func record(h http.Handler, r *http.Request) *response {
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, r)
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	return &response{header: rec.header, code: rec.code, body: rec.body.Bytes()}
}

type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

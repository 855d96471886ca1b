// Package redact is the last line of defence of the never-a-token-byte
// rule: the readers add every secret value they read to a Set (tokens,
// keys, the values of credential variables, values substituted into the
// gateway config), and every text that leaves the process (table, JSON,
// notification, log line, error, metric, push) goes through Mask first.
//
// The readers already keep secrets out of every row; this catches the
// paths nobody thought of, such as a key substituted into a model name or
// a path. A Set only grows: a value once read stays masked for the life of
// the process (a renewed token's old value is no safer to print).
package redact

import (
	"cmp"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
)

// MinLen is the shortest value a Set masks. Shorter values are not
// credentials anyone issues, and masking them would mangle ordinary text
// (an agent named "main" substituted from ${AGENT}).
const MinLen = 8

// maxValues bounds a Set: a long-running tray sees a new token at each
// renewal, a few a month.
const maxValues = 4096

// Mark is what a masked value is replaced with.
const Mark = "[secret]"

// Set is a set of secret values. The zero value is ready; a nil *Set masks
// nothing and ignores Add, so code that has no set need not check.
type Set struct {
	mu   sync.RWMutex
	vals map[string]struct{}
	repl *strings.Replacer // built lazily from vals; nil when stale
	min  int               // the shortest form repl replaces, in bytes
}

// Add records v (trimmed) as secret.
func (s *Set) Add(v string) {
	if s == nil {
		return
	}
	v = strings.TrimSpace(v)
	if len(v) < MinLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.vals[v]; ok {
		return
	}
	if s.vals == nil {
		s.vals = map[string]struct{}{}
	}
	if len(s.vals) >= maxValues {
		return
	}
	s.vals[v] = struct{}{}
	s.repl = nil
}

// Len is the number of values in the set.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.vals)
}

// Mask replaces every secret value in text with Mark.
func (s *Set) Mask(text string) string {
	if s == nil || text == "" {
		return text
	}
	r, shortest := s.replacer()
	// A text shorter than every value cannot hold one: most of what is
	// masked (states, kinds, ids) is, and a Replace always copies.
	if r == nil || len(text) < shortest {
		return text
	}
	return r.Replace(text)
}

// Contains reports whether text holds any secret value.
func (s *Set) Contains(text string) bool {
	return s.Mask(text) != text
}

func (s *Set) replacer() (*strings.Replacer, int) {
	s.mu.RLock()
	r, shortest, n := s.repl, s.min, len(s.vals)
	s.mu.RUnlock()
	if r != nil || n == 0 {
		return r, shortest
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.repl == nil {
		// Longest first, so a value that contains another is masked whole.
		// Each value is masked in its lower-case form too: the gateway
		// lower-cases what it normalises into an id (an agent id, a
		// provider), so a value that reached one is printed that way.
		forms := make(map[string]struct{}, 2*len(s.vals))
		for v := range s.vals {
			forms[v] = struct{}{}
			forms[strings.ToLower(v)] = struct{}{}
		}
		vals := slices.SortedFunc(maps.Keys(forms), func(a, b string) int {
			return cmp.Or(len(b)-len(a), strings.Compare(a, b))
		})
		pairs := make([]string, 0, 2*len(vals))
		for _, v := range vals {
			pairs = append(pairs, v, Mark)
		}
		s.repl = strings.NewReplacer(pairs...)
		// Sorted longest first. A lower-case form can be shorter than
		// its value (the Kelvin sign is three bytes, k one).
		s.min = len(vals[len(vals)-1])
	}
	return s.repl, s.min
}

// Writer masks what is written through it. Each Write is masked on its own,
// so callers write whole lines or documents (a value split across two
// writes is not caught).
func (s *Set) Writer(w io.Writer) io.Writer { return maskWriter{s, w} }

type maskWriter struct {
	s *Set
	w io.Writer
}

func (m maskWriter) Write(p []byte) (int, error) {
	if m.s.Len() == 0 {
		return m.w.Write(p)
	}
	out := m.s.Mask(string(p))
	if _, err := io.WriteString(m.w, out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Package lazyregexp holds regular expressions compiled at their first use
// instead of at start-up. A package-level regexp.MustCompile runs in every
// start of authtray, whichever command runs: `authtray status --check`
// paid for the push senders', the push store's and the gateway's patterns
// it mostly never used (bench/startup.sh, GODEBUG=inittrace=1). The
// pattern is a constant, so a typo still panics, at its first use, which
// the package's tests reach.
package lazyregexp

import (
	"regexp"
	"sync"
)

// Regexp is a regexp.Regexp compiled once, when a method first needs it.
// It is safe for concurrent use.
type Regexp struct {
	re func() *regexp.Regexp
}

// New returns a Regexp of expr (regexp syntax), compiled at first use;
// that use panics when expr does not compile, as regexp.MustCompile.
func New(expr string) *Regexp {
	return &Regexp{re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

// Compiled is the compiled regexp, for the methods not repeated here.
func (r *Regexp) Compiled() *regexp.Regexp { return r.re() }

func (r *Regexp) MatchString(s string) bool { return r.re().MatchString(s) }

func (r *Regexp) FindStringSubmatch(s string) []string { return r.re().FindStringSubmatch(s) }

func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.re().FindAllStringSubmatch(s, n)
}

func (r *Regexp) FindStringIndex(s string) []int { return r.re().FindStringIndex(s) }

func (r *Regexp) ReplaceAllString(src, repl string) string { return r.re().ReplaceAllString(src, repl) }

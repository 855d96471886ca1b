package gateway

import (
	"unicode/utf8"

	"github.com/authtray/authtray/internal/lazyregexp"
)

// bounded is a pattern with one counted repetition, x{0,n} or x{1,n},
// written as x* or x+ with the length checked apart. Go's regexp compiles
// x{0,255} into 255 nested copies of x: the seven patterns below cost
// about 2 ms of every start of authtray (GODEBUG=inittrace=1 showed
// core/gateway's init as the largest of all), for a check that is a
// length. Every pattern is anchored at both ends, so the limit, in runes
// (a case-folded class matches the 3-byte Kelvin sign), is on the whole
// string. The pattern compiles at first use (lazyregexp): a start of
// authtray that never checks a secret ref or a provider id pays nothing.
type bounded struct {
	re  *lazyregexp.Regexp
	max int
}

func mustBounded(pattern string, max int) bounded {
	return bounded{lazyregexp.New(pattern), max}
}

func (b bounded) MatchString(s string) bool {
	return utf8.RuneCountInString(s) <= b.max && b.re.MatchString(s)
}

func (b bounded) FindStringSubmatch(s string) []string {
	if utf8.RuneCountInString(s) > b.max {
		return nil
	}
	return b.re.FindStringSubmatch(s)
}

package lazyregexp

import (
	"regexp"
	"slices"
	"sync"
	"testing"
)

// TestSameAsRegexp: every method answers what regexp.MustCompile's would.
func TestSameAsRegexp(t *testing.T) {
	for _, tc := range []struct{ expr, in string }{
		{`^[a-z]+$`, "abc"},
		{`^[a-z]+$`, "aBc"},
		{`(\d+)-(\d+)`, "1-2 and 30-40"},
		{`x*`, ""},
	} {
		lazy, eager := New(tc.expr), regexp.MustCompile(tc.expr)
		if got, want := lazy.MatchString(tc.in), eager.MatchString(tc.in); got != want {
			t.Errorf("%q on %q: MatchString %v, want %v", tc.expr, tc.in, got, want)
		}
		if got, want := lazy.FindStringSubmatch(tc.in), eager.FindStringSubmatch(tc.in); !slices.Equal(got, want) {
			t.Errorf("%q on %q: FindStringSubmatch %q, want %q", tc.expr, tc.in, got, want)
		}
		if got, want := lazy.FindAllStringSubmatch(tc.in, -1), eager.FindAllStringSubmatch(tc.in, -1); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%q on %q: FindAllStringSubmatch %q, want %q", tc.expr, tc.in, got, want)
		}
		if got, want := lazy.FindStringIndex(tc.in), eager.FindStringIndex(tc.in); !slices.Equal(got, want) {
			t.Errorf("%q on %q: FindStringIndex %v, want %v", tc.expr, tc.in, got, want)
		}
		if got, want := lazy.ReplaceAllString(tc.in, "<$0>"), eager.ReplaceAllString(tc.in, "<$0>"); got != want {
			t.Errorf("%q on %q: ReplaceAllString %q, want %q", tc.expr, tc.in, got, want)
		}
		if lazy.Compiled().String() != tc.expr {
			t.Errorf("Compiled() is %q, want %q", lazy.Compiled(), tc.expr)
		}
	}
}

// TestCompiledOnce: concurrent first uses share one compiled regexp.
func TestCompiledOnce(t *testing.T) {
	r := New(`^a+$`)
	var wg sync.WaitGroup
	got := make([]*regexp.Regexp, 8)
	for i := range got {
		wg.Go(func() { got[i] = r.Compiled() })
	}
	wg.Wait()
	for _, c := range got[1:] {
		if c != got[0] {
			t.Fatal("two compilations of one pattern")
		}
	}
}

// TestBadPatternPanicsAtUse: a pattern that does not compile panics when
// first used, not when declared.
func TestBadPatternPanicsAtUse(t *testing.T) {
	r := New(`(`)
	defer func() {
		if recover() == nil {
			t.Error("no panic for a bad pattern")
		}
	}()
	r.MatchString("x")
}

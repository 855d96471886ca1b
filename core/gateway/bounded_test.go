package gateway

import (
	"regexp"
	"strings"
	"testing"
)

// Each bounded pattern says what the counted pattern it replaced says.
func TestBounded(t *testing.T) {
	cases := []struct {
		b       bounded
		counted string
		letters string
	}{
		{providerIDPattern, `(?i)^[a-z0-9][a-z0-9._-]{0,127}$`, "aZ9._-\u212a!"},
		{envTemplateRef, `^\$\{([A-Z][A-Z0-9_]{0,127})\}$`, "A9_a"},
		{envShorthandRef, `^\$([A-Z][A-Z0-9_]{0,127})$`, "A9_a"},
		{secretProviderAlias, `^[a-z][a-z0-9_-]{0,63}$`, "a9_-A"},
		{envRefID, `^[A-Z][A-Z0-9_]{0,127}$`, "A9_a"},
		{execRefID, `^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}$`, "aZ9._:/#-~"},
		{versionText, `^[0-9A-Za-z.+-]{1,40}$`, "0aZ.+-_"},
	}
	for _, c := range cases {
		re := regexp.MustCompile(c.counted)
		var inputs []string
		for _, n := range []int{0, 1, 2, 39, 40, 41, 63, 64, 65, 127, 128, 129, 130, 131, 132, 255, 256, 257} {
			for _, l := range c.letters {
				body := strings.Repeat(string(l), n)
				inputs = append(inputs, body, "A"+body, "a"+body, "${"+body+"}", "$"+body, "${A"+body+"}", "$A"+body, body+"\n", "0"+body)
			}
		}
		for _, s := range inputs {
			if got, want := c.b.MatchString(s), re.MatchString(s); got != want {
				t.Errorf("%s on %q (%d bytes): %v, want %v", c.counted, s, len(s), got, want)
			}
			if got, want := c.b.FindStringSubmatch(s), re.FindStringSubmatch(s); strings.Join(got, "\x00") != strings.Join(want, "\x00") || (got == nil) != (want == nil) {
				t.Errorf("%s submatch on %q: %q, want %q", c.counted, s, got, want)
			}
		}
	}
}

package safetext_test

import (
	"strings"
	"testing"

	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/core/safetext/safetexttest"
)

// Every sink, on every generated hostile text: nothing a terminal, a JSON
// consumer's terminal, a menu or a notification server would act on
// survives, the length is bounded, and cleaning twice changes nothing.
func TestSinksOnHostileText(t *testing.T) {
	sinks := []struct {
		name   string
		f      func(string) string
		max    int
		unsafe func(string) string
	}{
		{"Terminal", safetext.Terminal, safetext.MaxField, safetexttest.Unsafe},
		{"JSON", safetext.JSON, safetext.MaxField, safetexttest.Unsafe},
		{"Line", safetext.Line, safetext.MaxLine, safetexttest.Unsafe},
		{"Label", safetext.Label, safetext.MaxLine, safetexttest.Unsafe},
		{"Summary", safetext.Summary, safetext.MaxLine, safetexttest.Unsafe},
		{"Markup", safetext.Markup, 5 * safetext.MaxLine, safetexttest.UnsafeMarkup},
	}
	for _, sink := range sinks {
		for _, s := range safetexttest.Strings() {
			got := sink.f(s)
			if u := sink.unsafe(got); u != "" {
				t.Fatalf("%s(%q) = %q keeps %s", sink.name, s, got, u)
			}
			if len(got) > sink.max {
				t.Fatalf("%s(%.40q…) is %d bytes, over %d", sink.name, s, len(got), sink.max)
			}
			if sink.name != "Markup" && sink.f(got) != got {
				t.Fatalf("%s is not idempotent on %q: %q then %q", sink.name, s, got, sink.f(got))
			}
		}
	}
}

// A secret is masked whatever surrounds it, including where a sink cuts
// the text and where characters a sink drops split it.
func TestMaskedNeverKeepsASecret(t *testing.T) {
	tok := "sk-ant-oat01-" + strings.Repeat("Q", 40)
	var set redact.Set
	set.Add(tok)
	pieces := append(safetexttest.Pieces(), "", " ", "é")
	var texts []string
	for _, p := range pieces {
		texts = append(texts, p+tok+p, "model anthropic/"+p+tok)
	}
	for _, n := range []int{0, 1, 20, safetext.MaxLine - 30, safetext.MaxLine - 1, safetext.MaxField - 30, safetext.MaxField - 1} {
		texts = append(texts, strings.Repeat("a", n)+tok+"tail")
	}
	// Split by a zero-width or bidi character, which every sink drops.
	texts = append(texts, tok[:20]+"\u200b"+tok[20:], tok[:5]+"\u202e"+tok[5:])
	for _, sink := range []func(string) string{safetext.Terminal, safetext.JSON, safetext.Line, safetext.Label, safetext.Summary, safetext.Markup} {
		m := safetext.Masked(&set, sink)
		for _, s := range texts {
			got := m(s)
			for i := 0; i+redact.MinLen <= len(tok); i++ {
				if strings.Contains(got, tok[i:i+redact.MinLen]) {
					t.Fatalf("%q → %q holds %q, a piece of the secret", s, got, tok[i:i+redact.MinLen])
				}
			}
		}
	}
}

func TestMaskedNilSet(t *testing.T) {
	if got := safetext.Masked(nil, safetext.Line)("a\x1b[2Jb"); got != "ab" {
		t.Errorf("got %q", got)
	}
}

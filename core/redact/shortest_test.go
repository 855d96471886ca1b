package redact

import "testing"

// TestShortestForm: texts shorter than every value are returned as they
// are, and the bound is the shortest form masked, which can be a value's
// lower-case form shorter than the value itself (the Kelvin sign, three
// bytes, lower-cases to one).
func TestShortestForm(t *testing.T) {
	var s Set
	s.Add("\u212a\u212a\u212aabcde") // 14 bytes; lower-case "kkkabcde", 8
	s.Add("a-longer-secret-value")
	for _, tc := range []struct{ in, want string }{
		{"kkkabcde", Mark},
		{"x kkkabcde y", "x " + Mark + " y"},
		{"\u212a\u212a\u212aabcde", Mark},
		{"kkkabcd", "kkkabcd"},
		{"ok", "ok"},
		{"", ""},
		{"a-longer-secret-value!", Mark + "!"},
	} {
		if got := s.Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

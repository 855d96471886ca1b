package profile

import "testing"

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{
		"Expires in 1 h":           "expires in 1 h",
		"API key · no expiry":      "API key · no expiry",
		"ANTHROPIC_API_KEY is set": "ANTHROPIC_API_KEY is set",
		"expired":                  "expired",
		"":                         "",
		"X":                        "x",
	} {
		if got := LowerFirst(in); got != want {
			t.Errorf("LowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

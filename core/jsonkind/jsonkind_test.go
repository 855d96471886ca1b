package jsonkind

import (
	"encoding/json"
	"testing"
)

func TestOf(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`"x"`, "a string"},
		{` {"a":1}`, "an object"},
		{"\n[1]", "an array"},
		{"true", "a boolean"},
		{"false", "a boolean"},
		{"null", "null"},
		{"12", "a number"},
		{"-1.5e3", "a number"},
		{"", "empty"},
		{" \t\n", "empty"},
	} {
		if got := Of(json.RawMessage(tt.in)); got != tt.want {
			t.Errorf("Of(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

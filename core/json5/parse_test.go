package json5

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want string // want: canonical JSON, or "error: line N"
	}{
		{`{a: 1, 'b': "x", "c": [true, null,],}`, `["o",["a",["n","3ff0000000000000"]],["b",["s","x"]],["c",["a",true,null]]]`},
		{`{b: 1, a: 2, b: 3}`, `["o",["b",["n","4008000000000000"]],["a",["n","4000000000000000"]]]`},
		{`{z: 0, "2": 0, "1": 0, y: 0}`, `["o",["1",["n","0000000000000000"]],["2",["n","0000000000000000"]],["z",["n","0000000000000000"]],["y",["n","0000000000000000"]]]`},
		{"// c\n/* d */ 'it\\'s'", `["s","it's"]`},
		{`"a\
b"`, `["s","ab"]`},
		{"{\n a: 1,\n b: [\n}", "error: line 4"},
		{`{a: 01}`, "error: line 1"},
		{`"\1"`, "error: line 1"},
		{`/* open`, "error: line 1"},
		{``, "error: line 1"},
		{`{} {}`, "error: line 1"},
		{"'line\nbreak'", "error: line 1"},
	}
	for _, tt := range tests {
		v, err := Parse([]byte(tt.in))
		got := ""
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%q: error %v is not a SyntaxError", tt.in, err)
			}
			got = fmt.Sprintf("error: line %d", se.Line)
		} else {
			got = canonicalJSON(v)
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestDepthLimit: nesting past MaxDepth is a syntax error, whatever the
// shape and however deep (a million levels is 2 MB), never a stack
// overflow; up to MaxDepth parses.
func TestDepthLimit(t *testing.T) {
	shapes := map[string]func(d int) string{
		"arrays":    func(d int) string { return strings.Repeat("[", d) + strings.Repeat("]", d) },
		"objects":   func(d int) string { return strings.Repeat("{a:", d) + "0" + strings.Repeat("}", d) },
		"mixed":     func(d int) string { return strings.Repeat(`[{"k":`, d/2) + "0" + strings.Repeat("}]", d/2) },
		"unclosed":  func(d int) string { return strings.Repeat("[", d) },
		"commented": func(d int) string { return strings.Repeat("[/**/", d) + strings.Repeat("]", d) },
	}
	for name, shape := range shapes {
		if _, err := Parse([]byte(shape(MaxDepth))); err != nil && name != "unclosed" {
			t.Errorf("%s at MaxDepth: %v", name, err)
		}
		for _, d := range []int{MaxDepth + 2, 100_000, 1_000_000} {
			_, err := Parse([]byte(shape(d)))
			if err == nil || !strings.Contains(err.Error(), "levels deep") {
				t.Errorf("%s at depth %d: err = %v, want the depth limit", name, d, err)
			}
		}
	}
}

// TestErrorsQuoteNothing: an error names a line and a reason, never text of
// the document (a config may hold a key).
func TestErrorsQuoteNothing(t *testing.T) {
	g := gen{r: rand.New(rand.NewPCG(1, 2))}
	const secret = "sk-ant-SECRETSECRET"
	for range 2000 {
		d := strings.ReplaceAll(g.doc(), "a", secret)
		if _, err := Parse([]byte(d)); err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Fatalf("error %q quotes the document", err)
		}
	}
}

package redact

import (
	"bytes"
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	tok := "sk-ant-oat01-" + strings.Repeat("Q", 40)
	long := tok + "-and-more"
	tests := []struct {
		name string
		add  []string
		in   string
		want string
	}{
		{"nothing added", nil, "anthropic/" + tok, "anthropic/" + tok},
		{"in a model name", []string{tok}, "in use by main (anthropic/" + tok + ")", "in use by main (anthropic/" + Mark + ")"},
		{"twice", []string{tok}, tok + " " + tok, Mark + " " + Mark},
		{"longest first", []string{tok, long}, long, Mark},
		{"short values are not masked", []string{"main", "hunter2"}, "agent main hunter2", "agent main hunter2"},
		{"trimmed", []string{"  " + tok + "\n"}, "x" + tok, "x" + Mark},
		{"lower-cased, as an agent id", []string{tok}, "agent " + strings.ToLower(tok), "agent " + Mark},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Set
			for _, v := range tt.add {
				s.Add(v)
			}
			if got := s.Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNilSet(t *testing.T) {
	var s *Set
	s.Add("sk-ant-api03-" + strings.Repeat("k", 30))
	if got := s.Mask("abc"); got != "abc" {
		t.Errorf("nil set masked %q", got)
	}
	if s.Len() != 0 || s.Contains("abc") {
		t.Error("nil set is not empty")
	}
}

func TestAddAfterMask(t *testing.T) {
	var s Set
	a, b := strings.Repeat("a", 20), strings.Repeat("b", 20)
	s.Add(a)
	if s.Mask(b) != b {
		t.Fatal("b masked before it was added")
	}
	s.Add(b)
	if s.Mask(b) != Mark {
		t.Error("a value added after a Mask is not masked (stale replacer)")
	}
}

func TestWriter(t *testing.T) {
	var s Set
	tok := strings.Repeat("z", 32)
	s.Add(tok)
	var buf bytes.Buffer
	w := s.Writer(&buf)
	line := "error: " + tok + "\n"
	n, err := w.Write([]byte(line))
	if err != nil || n != len(line) {
		t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(line))
	}
	if got := buf.String(); got != "error: "+Mark+"\n" {
		t.Errorf("wrote %q", got)
	}
}

func TestBounded(t *testing.T) {
	var s Set
	for i := 0; i < maxValues+10; i++ {
		s.Add(strings.Repeat("x", MinLen) + string(rune('a'+i%26)) + strings.Repeat("y", i)) // lower case already
	}
	if s.Len() != maxValues {
		t.Errorf("Len = %d, want the bound %d", s.Len(), maxValues)
	}
}

package tray

import (
	"context"
	"errors"
	"testing"
)

// TestProblemIsASentence: an action's error (lower-case, as error strings
// are) reaches the user as a sentence; a proper noun stays as it is.
func TestProblemIsASentence(t *testing.T) {
	for _, tc := range []struct{ err, want string }{
		{"no clipboard program: install xclip (X11) or wl-clipboard (Wayland)", "No clipboard program: install xclip (X11) or wl-clipboard (Wayland)"},
		{"Claude Code is not installed: npm install -g @anthropic-ai/claude-code", "Claude Code is not installed: npm install -g @anthropic-ai/claude-code"},
		{"équipe absente", "Équipe absente"},
	} {
		var got string
		a := &App{Copy: func(string) error { return errors.New(tc.err) }, Problem: func(msg string) { got = msg }}
		a.Do(context.Background(), Item{Action: Action{Kind: Copy, Text: "x"}})
		if got != tc.want {
			t.Errorf("problem %q, want %q", got, tc.want)
		}
	}
}

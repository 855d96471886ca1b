package profile

import (
	"slices"
	"strings"
	"testing"
)

func TestShellCommand(t *testing.T) {
	cases := []struct {
		env, argv []string
		want      string
	}{
		{nil, nil, ""},
		{nil, []string{"openclaw", "models", "auth"}, "openclaw models auth"},
		{nil, []string{"a b", "", "it's"}, `'a b' '' 'it'\''s'`},
		{[]string{"OPENCLAW_STATE_DIR=/srv/my gw"}, nil, "env OPENCLAW_STATE_DIR='/srv/my gw'"},
		{[]string{"A=1", "B=x=y"}, []string{"openclaw", "--agent", "main"}, "env A=1 B='x=y' openclaw --agent main"},
	}
	for _, c := range cases {
		if got := ShellCommand(c.env, c.argv); got != c.want {
			t.Errorf("ShellCommand(%q, %q) = %q, want %q", c.env, c.argv, got, c.want)
		}
		var p Profile
		SetTokenChainFix(&p, c.env, c.argv)
		if want := "claude setup-token && " + c.want; p.Fix != want {
			t.Errorf("SetTokenChainFix(%q, %q).Fix = %q, want %q", c.env, c.argv, p.Fix, want)
		}
		if want := append([]string{"sh", "-c", TokenChainScript, "sh"}, c.argv...); !slices.Equal(p.FixArgs, want) {
			t.Errorf("SetTokenChainFix(%q, %q).FixArgs = %q, want %q", c.env, c.argv, p.FixArgs, want)
		}
	}
}

// ShellQuote leaves a word as it is exactly when every rune of it is an
// ASCII letter or digit or one of /._-~+,:@; else it single-quotes it.
func FuzzShellQuote(f *testing.F) {
	for _, s := range []string{"", "a", "openclaw", "/srv/gw", "a b", "it's", "café", "K", "x=y", "~/.openclaw", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		plain := s != ""
		for _, r := range s {
			if !strings.ContainsRune("/._-~+,:@", r) && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				plain = false
			}
		}
		want := "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		if plain {
			want = s
		}
		if got := ShellQuote(s); got != want {
			t.Fatalf("ShellQuote(%q) = %q, want %q", s, got, want)
		}
	})
}

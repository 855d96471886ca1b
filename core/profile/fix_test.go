package profile

import (
	"slices"
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

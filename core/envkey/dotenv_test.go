package envkey

import (
	"io/fs"
	"slices"
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

func TestParseDotenv(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]string
		bad  []int
	}{
		{"plain", "A=1\nB = two \n", map[string]string{"A": "1", "B": "two"}, nil},
		{"export and comments", "# c\nexport A=1 # trailing\n\n  # indented\n", map[string]string{"A": "1"}, nil},
		{"quotes", `A="x y"` + "\nB='q#not comment'\nC=`bt`\n", map[string]string{"A": "x y", "B": "q#not comment", "C": "bt"}, nil},
		{"double quotes expand newlines", `A="l1\nl2"`, map[string]string{"A": "l1\nl2"}, nil},
		{"multi-line quoted", "A=\"l1\nl2\"\nB=2", map[string]string{"A": "l1\nl2", "B": "2"}, nil},
		{"empty value", "A=\nB=''", map[string]string{"A": "", "B": ""}, nil},
		{"CRLF", "A=1\r\nB=2\r\n", map[string]string{"A": "1", "B": "2"}, nil},
		{"colon form", "A: 1", map[string]string{"A": "1"}, nil},
		{"bad lines", "just words\n1A=x\nB=ok\nC=\"unterminated", map[string]string{"B": "ok"}, []int{1, 2, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad := ParseDotenv([]byte(tt.in))
			if len(got) != len(tt.want) {
				t.Errorf("vars = %q, want %q", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
			if !slices.Equal(bad, tt.bad) {
				t.Errorf("bad lines = %v, want %v", bad, tt.bad)
			}
		})
	}
}

func FuzzParseDotenv(f *testing.F) {
	for _, s := range []string{"A=1", "export A=\"x\ny\"", "A='", "#", "A: b # c", "\x00=\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		vars, bad := ParseDotenv(data)
		for k := range vars {
			if !validKey(k) {
				t.Errorf("invalid key %q accepted", k)
			}
		}
		for _, n := range bad {
			if n < 1 {
				t.Errorf("bad line %d", n)
			}
		}
	})
}

func TestLookup(t *testing.T) {
	env := map[string]string{"OPENAI_API_KEY": "from-env", "CLAUDE_CODE_OAUTH_TOKEN": "cc"}
	f := fsys.Fake{Files: map[string]string{
		"/a/.env":   "OPENAI_API_KEY=from-file\nANTHROPIC_API_KEY=a1\nXAI_API_KEY=\n",
		"/b/gw.env": "ANTHROPIC_API_KEY=a2\nANTHROPIC_OAUTH_TOKEN=t\nBASE=https://x\n",
	}, Errs: map[string]error{"/c/.env": fs.ErrPermission}}
	r := Lookup(func(k string) string { return env[k] }, f, []string{"/a/.env", "/b/gw.env", "/c/.env", "/missing/.env"})
	var got []string
	for _, x := range r.Found {
		got = append(got, x.Var+"@"+x.File)
	}
	want := []string{"ANTHROPIC_OAUTH_TOKEN@/b/gw.env", "ANTHROPIC_API_KEY@/a/.env", "OPENAI_API_KEY@", "CLAUDE_CODE_OAUTH_TOKEN@"}
	if !slices.Equal(got, want) {
		t.Errorf("found = %v, want %v", got, want)
	}
	if a, ok := r.Provider("anthropic"); !ok || a.Var != "ANTHROPIC_OAUTH_TOKEN" {
		t.Errorf("anthropic served by %+v, want the OAuth token first", a)
	}
	if len(r.Errors) != 1 || r.Errors[0].File != "/c/.env" || r.Errors[0].Reason != "permission denied" {
		t.Errorf("errors = %+v", r.Errors)
	}
	if r.Getenv("BASE") != "https://x" || r.Getenv("OPENAI_API_KEY") != "from-env" {
		t.Error("Getenv does not layer the process env over the files")
	}
	for _, x := range r.Found {
		if x.Var == "CLAUDE_CODE_OAUTH_TOKEN" && x.ForGateway {
			t.Error("the gateway does not count CLAUDE_CODE_OAUTH_TOKEN")
		}
	}
}

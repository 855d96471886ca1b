package envkey

import (
	"github.com/authtray/authtray/internal/benchcpu"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

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
		{"bad lines", "just words\n1A=x\nB=ok\nC=\"unterminated", map[string]string{"B": "ok", "C": `"unterminated`}, []int{1, 2}},
		// dotenv reads an unclosed quote as part of a plain value and goes
		// on with the next line: a key after it is the gateway's.
		{"unclosed quote hides nothing", "A=\"oops\nANTHROPIC_API_KEY=sk-1\nB='x\nC=`y", map[string]string{"A": `"oops`, "ANTHROPIC_API_KEY": "sk-1", "B": "'x", "C": "`y"}, nil},
		{"a quote closes only before a line end or comment", "A=\"x\" y\nB=\"p\nq\" # c\nC=1", map[string]string{"A": `"x" y`, "B": "p\nq", "C": "1"}, nil},
		{"escaped quote can close", `A="a\"` + "\nB=1", map[string]string{"A": `a\`, "B": "1"}, nil},
		{"lone CR is a line break", "A=1\rB=2", map[string]string{"A": "1", "B": "2"}, nil},
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

// TestDotenvSkipsLargeFiles: a dotenv file over 1 MB is skipped whole, as
// the gateway skips it, and said so; its keys never count.
func TestDotenvSkipsLargeFiles(t *testing.T) {
	big := "ANTHROPIC_API_KEY=sk-ant-x\n" + strings.Repeat("# padding\n", maxDotenvBytes/10+1)
	r := Lookup(func(string) string { return "" }, fsys.Fake{Files: map[string]string{"/h/.env": big}}, []string{"/h/.env"})
	if len(r.Found) != 0 || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Reason, "larger than 1 MB") {
		t.Errorf("found %v, errors %+v", r.Found, r.Errors)
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
		// Linear, however the quotes fall: the input repeated to 1 MB
		// parses at well under a microsecond a byte.
		big := []byte(strings.Repeat(string(data)+"\n", 1<<20/(len(data)+1)+1))
		start := benchcpu.CPU()
		ParseDotenv(big)
		if el, limit := benchcpu.CPU()-start, 200*time.Millisecond+time.Duration(len(big))*500*time.Nanosecond; el > limit {
			t.Fatalf("%d bytes took %v (limit %v)", len(big), el, limit)
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

package remote

import (
	"reflect"
	"testing"
)

func TestValidDestination(t *testing.T) {
	tests := []struct {
		dest string
		ok   bool
	}{
		{"me@vps.example.net", true},
		{"vps", true},
		{"ssh://me@vps.example.net:2222", true},
		{"ssh://[::1]:22", true},
		{"", false},
		{"-oProxyCommand=touch /tmp/x", false},
		{"-F", false},
		{"me@host evil", false},
		{"me@host\tx", false},
		{"host\n-oX", false},
		{"ssh://-oProxyCommand=x", false},
		{"ssh://host/path", false},
		{"host\u0085", false},
	}
	for _, tt := range tests {
		if err := ValidDestination(tt.dest); (err == nil) != tt.ok {
			t.Errorf("ValidDestination(%q) = %v, want ok=%v", tt.dest, err, tt.ok)
		}
	}
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{
		{"ssh", []string{"ssh"}, false},
		{"ssh -F /tmp/cfg", []string{"ssh", "-F", "/tmp/cfg"}, false},
		{`ssh -F "/my dir/cfg"`, []string{"ssh", "-F", "/my dir/cfg"}, false},
		{`ssh -o 'ProxyJump me@bastion'`, []string{"ssh", "-o", "ProxyJump me@bastion"}, false},
		{`ssh a\ b`, []string{"ssh", "a b"}, false},
		{`ssh "x\"y"`, []string{"ssh", `x"y`}, false},
		{`ssh $(rm -rf) ;`, []string{"ssh", "$(rm", "-rf)", ";"}, false},
		{"  ", nil, false},
		{`ssh 'open`, nil, true},
		{`ssh "open`, nil, true},
		{`ssh \`, nil, true},
	}
	for _, tt := range tests {
		got, err := SplitWords(tt.in)
		if (err != nil) != tt.err || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitWords(%q) = %q, %v; want %q, err=%v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestQuoteRoundTrip(t *testing.T) {
	for _, s := range []string{"plain", "/srv/open claw", "it's", "", "$HOME;`x`"} {
		got, err := SplitWords(Quote(s))
		if err != nil || len(got) != 1 || got[0] != s {
			t.Errorf("SplitWords(Quote(%q)) = %q, %v", s, got, err)
		}
	}
}

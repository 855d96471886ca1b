package remote

import (
	"reflect"
	"testing"
)

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

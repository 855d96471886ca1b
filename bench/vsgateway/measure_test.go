package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	tests := []struct {
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{ms(5), 50, 5 * time.Millisecond},
		{ms(9, 1, 5), 50, 5 * time.Millisecond},
		{ms(4, 1, 3, 2), 50, 2500 * time.Microsecond},
		{ms(10, 1, 2, 3, 4, 5, 6, 7, 8, 9), 90, 9 * time.Millisecond},
		{ms(1, 2, 3, 100), 90, 100 * time.Millisecond},
		{nil, 50, 0},
	}
	for _, tt := range tests {
		if got := percentile(tt.in, tt.p); got != tt.want {
			t.Errorf("percentile(%v, %v) = %v, want %v", tt.in, tt.p, got, tt.want)
		}
	}
}

func TestCheckAuthtray(t *testing.T) {
	b := &builder{}
	sec := b.secret(prefixAccess, 108)
	body := sec[len(prefixAccess)+4:]
	tests := []struct {
		name, key, out string
		fails          bool
	}{
		{"clean table", "authtray --check", "anthropic:manual token ok", false},
		{"first 8 of a secret", "authtray --check", "token " + prefixAccess + "FAKE" + body[:8] + "…", true},
		{"last 8 of a secret", "authtray --check", "…" + body[len(body)-8:], true},
		{"json", "authtray --json", `{"status":"ok","profiles":[{"id":"x"}]}`, false},
		{"json without profiles", "authtray --json", `{"status":"ok","profiles":[]}`, true},
		{"not json", "authtray --json", "Status: ok", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			checkAuthtray(sample{stdout: []byte(tt.out)}, tt.key, b.secrets, func(f string, a ...any) { got = append(got, fmt.Sprintf(f, a...)) })
			if (len(got) > 0) != tt.fails {
				t.Fatalf("problems %q, want failure %v", got, tt.fails)
			}
			for _, g := range got {
				if strings.Contains(g, body[:8]) {
					t.Errorf("the complaint repeats the secret: %q", g)
				}
			}
		})
	}
}

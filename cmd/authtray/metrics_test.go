package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/profile"
)

// TestMetricsUsageStates: the help names every state the state label can
// have, no more.
func TestMetricsUsageStates(t *testing.T) {
	m := regexp.MustCompile(`by the label state \(([^)]*)\)`).FindStringSubmatch(metricsUsage)
	if m == nil {
		t.Fatal("metrics help lists no states")
	}
	listed := strings.Fields(strings.NewReplacer(",", " ", "\n", " ").Replace(m[1]))
	var want []string
	for _, s := range profile.States() {
		want = append(want, string(s))
	}
	if strings.Join(listed, " ") != strings.Join(want, " ") {
		t.Errorf("help lists %v, the engine has %v", listed, want)
	}
}

// TestMetricsListenAddr: only an address the user names binds beyond
// loopback.
func TestMetricsListenAddr(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		loopback bool
	}{
		{"9469", "127.0.0.1:9469", true},
		{":9469", "127.0.0.1:9469", true},
		{"127.0.0.1:9469", "127.0.0.1:9469", true},
		{"localhost:9469", "localhost:9469", true},
		{"[::1]:9469", "[::1]:9469", true},
		{"0.0.0.0:9469", "0.0.0.0:9469", false},
		{"[::]:9469", "[::]:9469", false},
		{"10.0.0.5:9469", "10.0.0.5:9469", false},
		{"gw.example.net:9469", "gw.example.net:9469", false},
		{"127.0.0.1:0", "127.0.0.1:0", true},
	} {
		got, err := metricsListenAddr(tc.in)
		if err != nil || got != tc.want || isLoopback(got) != tc.loopback {
			t.Errorf("%q: %q, %v, loopback %v; want %q, loopback %v", tc.in, got, err, isLoopback(got), tc.want, tc.loopback)
		}
	}
	for _, bad := range []string{"", "nope", "127.0.0.1", "127.0.0.1:http", "127.0.0.1:65536", ":-1", "a:b:c"} {
		if got, err := metricsListenAddr(bad); err == nil {
			t.Errorf("%q accepted as %q", bad, got)
		}
	}
}

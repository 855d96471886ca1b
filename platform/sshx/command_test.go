package sshx

import (
	"reflect"
	"testing"
)

func TestInteractive(t *testing.T) {
	c := Command{"ssh", "-F", "/my dir/config"}
	tests := []struct {
		dest  string
		words []string
		want  []string
		err   bool
	}{
		{"me@vps", []string{"claude", "setup-token"}, []string{"ssh", "-F", "/my dir/config", "-t", "--", "me@vps", "claude", "setup-token"}, false},
		{"ssh://me@mini:2222", []string{"openclaw", "models", "auth", "setup-token", "--provider", "anthropic"},
			[]string{"ssh", "-F", "/my dir/config", "-t", "--", "ssh://me@mini:2222", "openclaw", "models", "auth", "setup-token", "--provider", "anthropic"}, false},
		// Words reach the remote shell quoted: nothing in them is run.
		{"vps", []string{"claude", "a b; rm -rf ~"}, []string{"ssh", "-F", "/my dir/config", "-t", "--", "vps", "claude", `'a b; rm -rf ~'`}, false},
		{"-oProxyCommand=x", []string{"claude"}, nil, true},
		{"vps", nil, nil, true},
	}
	for _, tt := range tests {
		got, err := c.Interactive(tt.dest, tt.words...)
		if (err != nil) != tt.err || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Interactive(%q, %q) = %q, %v", tt.dest, tt.words, got, err)
		}
	}
	got, _ := c.ReauthArgv("vps", true)
	if want := []string{"ssh", "-F", "/my dir/config", "-t", "--", "vps", "openclaw", "models", "auth", "setup-token", "--provider", "anthropic"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ReauthArgv = %q", got)
	}
}

// TestBatch: a background ssh never prompts and never accepts a host key,
// whatever the user's ssh_config says (-o comes before the config file).
func TestBatch(t *testing.T) {
	c := Command{"ssh", "-F", "/my dir/config"}
	got, err := c.Batch("me@vps", "sh -c 'exec authtray status --json'")
	want := []string{"ssh", "-F", "/my dir/config",
		"-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10",
		"-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=2",
		"-T", "--", "me@vps", "sh -c 'exec authtray status --json'"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Batch = %q, %v\nwant %q", got, err, want)
	}
	if _, err := c.Batch("-oProxyCommand=x", "true"); err == nil {
		t.Error("Batch accepted an option as the destination")
	}
}

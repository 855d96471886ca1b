package sshx

import (
	"reflect"
	"testing"

	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/sshdest"
)

// onHost is the remote command line running script (words quoted for sh).
func onHost(script string) []string { return []string{remote.InteractiveCommand(script)} }

func TestInteractive(t *testing.T) {
	c := Command{"ssh", "-F", "/my dir/config"}
	tests := []struct {
		dest  string
		words []string
		want  []string
		err   bool
	}{
		{"me@vps", []string{"claude", "setup-token"}, append([]string{"ssh", "-F", "/my dir/config", "-t", "--", "me@vps"}, onHost("exec claude setup-token")...), false},
		{"ssh://me@mini:2222", []string{"openclaw", "models", "auth", "setup-token", "--provider", "anthropic"},
			append([]string{"ssh", "-F", "/my dir/config", "-t", "--", "ssh://me@mini:2222"}, onHost("exec openclaw models auth setup-token --provider anthropic")...), false},
		// Words reach the remote shell quoted: nothing in them is run.
		{"vps", []string{"claude", "a b; rm -rf ~"}, append([]string{"ssh", "-F", "/my dir/config", "-t", "--", "vps"}, onHost(`exec claude 'a b; rm -rf ~'`)...), false},
		{"", []string{"claude"}, nil, true},
		{"vps", nil, nil, true},
	}
	for _, tt := range tests {
		var dest sshdest.Dest
		if tt.dest != "" {
			dest = sshdest.MustParse(tt.dest)
		}
		got, err := c.Interactive(dest, tt.words...)
		if (err != nil) != tt.err || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Interactive(%q, %q) = %q, %v", tt.dest, tt.words, got, err)
		}
	}
	chain := []string{"sh", "-c", `claude setup-token && exec "$@"`, "sh", "openclaw", "models", "auth", "paste-token", "--provider", "anthropic",
		"--profile-id", "anthropic:manual", "--expires-in", "365d", "--agent", "main"}
	reauth := []struct {
		name      string
		env, args []string
		want      []string
	}{
		{"claude", nil, []string{"claude", "setup-token"},
			onHost("exec env -u CLAUDE_CODE_OAUTH_TOKEN claude setup-token")},
		{"gateway chain with a state dir", []string{"OPENCLAW_STATE_DIR=/srv/my gw"}, chain,
			onHost(`exec env -u CLAUDE_CODE_OAUTH_TOKEN 'OPENCLAW_STATE_DIR=/srv/my gw' sh -c 'claude setup-token && exec "$@"' sh ` +
				"openclaw models auth paste-token --provider anthropic --profile-id anthropic:manual --expires-in 365d --agent main")},
		{"older CLI", nil, []string{"moltbot", "models", "auth", "setup-token", "--provider", "anthropic", "--agent", "work"},
			onHost("exec env -u CLAUDE_CODE_OAUTH_TOKEN moltbot models auth setup-token --provider anthropic --agent work")},
		{"state dir under the host's home", []string{"OPENCLAW_STATE_DIR=~/gw"}, []string{"openclaw", "models", "auth", "login", "--provider", "anthropic"},
			onHost(`exec env -u CLAUDE_CODE_OAUTH_TOKEN OPENCLAW_STATE_DIR="$HOME"/gw openclaw models auth login --provider anthropic`)},
	}
	for _, tt := range reauth {
		got, err := c.ReauthArgv(sshdest.MustParse("vps"), tt.env, tt.args)
		tt.want = append([]string{"ssh", "-F", "/my dir/config", "-t", "--", "vps"}, tt.want...)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ReauthArgv = %q, %v\nwant %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := c.ReauthArgv(sshdest.MustParse("vps"), nil, nil); err == nil {
		t.Error("ReauthArgv accepted no command")
	}
}

// TestBatch: a background ssh never prompts and never accepts a host key,
// whatever the user's ssh_config says (-o comes before the config file).
func TestBatch(t *testing.T) {
	c := Command{"ssh", "-F", "/my dir/config"}
	got := c.Batch(sshdest.MustParse("me@vps"), "sh -c 'exec authtray status --json'")
	want := []string{"ssh", "-F", "/my dir/config",
		"-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10",
		"-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=2",
		"-T", "--", "me@vps", "sh -c 'exec authtray status --json'"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Batch = %q\nwant %q", got, want)
	}
}

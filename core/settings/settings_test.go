package settings

import (
	"io/fs"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		check   func(Settings) bool
		wantErr string
	}{
		{"empty file is defaults", "", func(s Settings) bool { return time.Duration(s.Warn) == 24*time.Hour && s.Notifications }, ""},
		{"full file", `
warn = "6h"
notify_before = ["12h", "30m"]
notifications = false
claude_config_dirs = ["~/work-claude"]
gateway_state_dirs = ["/srv/openclaw"]
terminal = "kitty"
ssh_command = "ssh -F /etc/authtray/ssh_config"
remote_poll = "10m"

[[host]]
name = "vps"
ssh = "me@vps.example.net"
state_dir = "/srv/openclaw"
`, func(s Settings) bool {
			return time.Duration(s.Warn) == 6*time.Hour && len(s.Notify) == 2 && time.Duration(s.Notify[1]) == 30*time.Minute &&
				!s.Notifications && s.ClaudeDirs[0] == "~/work-claude" && s.Terminal == "kitty" &&
				len(s.Hosts) == 1 && s.Hosts[0].Destination.String() == "me@vps.example.net" && time.Duration(s.PollRemote) == 10*time.Minute
		}, ""},
		{"days", `warn = "2d"`, func(s Settings) bool { return time.Duration(s.Warn) == 48*time.Hour }, ""},
		{"host name defaults to destination", "[[host]]\nssh = \"box\"\n", func(s Settings) bool { return s.Hosts[0].Name == "box" }, ""},
		{"malformed", "warn = \"6h\"\nnotifications = maybe\n", func(s Settings) bool { return s.Notifications }, "malformed at line 2"},
		{"bad duration", `warn = "soon"`, func(s Settings) bool { return time.Duration(s.Warn) == 24*time.Hour }, `invalid duration "soon"`},
		{"negative warn", `warn = "-1h"`, func(s Settings) bool { return time.Duration(s.Warn) == 24*time.Hour }, "warn must be positive"},
		{"unknown key kept with a warning", "warn = \"3h\"\ncolour = \"red\"\n", func(s Settings) bool { return time.Duration(s.Warn) == 3*time.Hour }, "unknown keys colour"},
		{"host without destination", "[[host]]\nname = \"x\"\n", func(s Settings) bool { return len(s.Hosts) == 0 }, "host 1 has no ssh destination"},
		// A destination is parsed where it is read (sshdest): one ssh
		// would take for an option or a shell would run is refused here.
		{"destination with a command", "[[host]]\nssh = \"box$(touch /tmp/pwned)\"\n", func(s Settings) bool { return len(s.Hosts) == 0 }, `contains '$'`},
		{"destination with backticks", "[[host]]\nssh = \"box`id`\"\n", func(s Settings) bool { return len(s.Hosts) == 0 }, "contains '`'"},
		{"destination with a semicolon", "[[host]]\nssh = \"box;id\"\n", func(s Settings) bool { return len(s.Hosts) == 0 }, `contains ';'`},
		{"destination as an option", "[[host]]\nssh = \"-oProxyCommand=id\"\n", func(s Settings) bool { return len(s.Hosts) == 0 }, `starts with "-"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("/c/settings.toml", []byte(tt.file))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if !tt.check(s) {
				t.Errorf("settings = %+v", s)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	s, err := Load("/nope/settings.toml", func(string) ([]byte, error) { return nil, fs.ErrNotExist })
	if err != nil || !s.Notifications {
		t.Fatalf("Load of a missing file = %+v, %v; want defaults, nil", s, err)
	}
	_, err = Load("/c/settings.toml", func(string) ([]byte, error) { return nil, fs.ErrPermission })
	if err == nil || !strings.Contains(err.Error(), "using defaults") {
		t.Fatalf("Load of an unreadable file: err = %v", err)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{time.Hour, 90 * time.Minute, 45 * time.Minute, 48 * time.Hour, 30 * time.Second} {
		got, err := ParseDuration(Format(d))
		if err != nil || got != d {
			t.Errorf("ParseDuration(Format(%v)) = %v, %v", d, got, err)
		}
	}
}

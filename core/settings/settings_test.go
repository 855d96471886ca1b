package settings

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strconv"
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
		{"bad duration", `warn = "soon"`, func(s Settings) bool { return time.Duration(s.Warn) == 24*time.Hour }, `line 1: warn is not a duration`},
		{"negative warn", `warn = "-1h"`, func(s Settings) bool { return time.Duration(s.Warn) == 24*time.Hour }, "warn must be between 1m and 366d; the default 1d is kept"},
		{"unknown key kept with a warning", "warn = \"3h\"\ncolour = \"red\"\n", func(s Settings) bool { return time.Duration(s.Warn) == 3*time.Hour }, `line 2: unknown key "colour" is ignored`},
		{"host without destination", "[[host]]\nname = \"x\"\n[[host]]\nssh = \"ok\"\n", func(s Settings) bool { return len(s.Hosts) == 1 && s.Hosts[0].Destination.String() == "ok" }, "line 1: host 1 has no ssh destination and is left out"},
		{"overflowing days", `warn = "213504d"`, func(s Settings) bool { return time.Duration(s.Warn) == 24*time.Hour }, "warn is longer than"},
		{"poll floor", `remote_poll = "1ns"`, func(s Settings) bool { return time.Duration(s.PollRemote) == 15*time.Minute }, "remote_poll must be between 30s and 7d"},
		{"poll at the floor", `remote_poll = "30s"`, func(s Settings) bool { return time.Duration(s.PollRemote) == 30*time.Second }, ""},
		{"one bad threshold", `notify_before = ["2h", "soon", "0s"]`, func(s Settings) bool { return len(s.Notify) == 1 && time.Duration(s.Notify[0]) == 2*time.Hour }, "notify_before entry 2 is not a duration"},
		{"a key that is a token", "sk-ant-oat01-abcdefgh = 1\n", func(s Settings) bool { return true }, `unknown key "sk-a"… is ignored`},
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

// TestSettingsNeverEchoValues: whatever is pasted into any key, as its
// value or as a key name, in the file or in a host, the sentence names the
// key and line and never more than four characters of what was written.
func TestSettingsNeverEchoValues(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 9))
	places := []string{
		"warn = %q", "notify_before = [%q]", "notify_before = %q", "remote_poll = %q", "notifications = %q",
		"terminal = %q", "ssh_command = %q", "claude_config_dirs = [%q]", "gateway_state_dirs = %q",
		"%s = 1", "%q = \"x\"", "[[host]]\nssh = \"box\"\n%s = \"y\"", "[[host]]\nname = %q", "warn = [%q]", "[%s]\nk = 1",
	}
	for _, place := range places {
		for range 20 {
			tok := randomToken(r)
			file := strings.Replace(place, "%q", strconv.Quote(tok+"\x01"), 1)
			file = strings.Replace(file, "%s", tok, 1)
			_, err := Parse("/c/settings.toml", []byte(file))
			if err == nil {
				continue
			}
			for i := 0; i+5 <= len(tok); i++ {
				if strings.Contains(err.Error(), tok[i:i+5]) {
					t.Fatalf("%q: the sentence %q quotes %q", file, err, tok[i:i+5])
				}
			}
		}
	}
}

// randomToken is token-shaped: a vendor prefix and random characters.
func randomToken(r *rand.Rand) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte([]string{"sk-ant-oat01-", "sk-or-v1-", "ghp_", "xoxb-", ""}[r.IntN(5)])
	for range 16 + r.IntN(40) {
		b = append(b, alnum[r.IntN(len(alnum))])
	}
	return string(b)
}

// TestEveryKeyValidated: a problem with one key, in any position (an
// unknown key before it too), never stops the keys after it from being
// checked and applied; each problem is its own note with its line.
func TestEveryKeyValidated(t *testing.T) {
	good := []string{`warn = "6h"`, `notify_before = ["2h"]`, `notifications = false`, `terminal = "kitty"`, `remote_poll = "1h"`, `claude_config_dirs = ["/x"]`}
	bad := []string{`colour = "red"`, `warn = "213504d"`, `remote_poll = "1s"`, `notify_before = "1h"`, `notifications = "yes"`, `terminal = 3`}
	r := rand.New(rand.NewPCG(2, 2))
	for range 200 {
		var lines []string
		want := map[string]int{}
		gi, bi := r.Perm(len(good)), r.Perm(len(bad))
		for i := range 3 {
			b := bad[bi[i]]
			if key := strings.Fields(b)[0]; slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, key+" ") }) {
				continue
			}
			lines = append(lines, b)
			want[b] = len(lines)
		}
		for _, i := range gi {
			if key := strings.Fields(good[i])[0]; !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, key+" ") }) {
				lines = append(lines, good[i])
			}
		}
		r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
		s, err := Parse("/c/settings.toml", []byte(strings.Join(lines, "\n")))
		if err == nil {
			t.Fatalf("no note for %q", lines)
		}
		for i, l := range lines {
			if _, isBad := want[l]; isBad && !strings.Contains(err.Error(), fmt.Sprintf("line %d:", i+1)) {
				t.Errorf("no note for line %d %q in %q", i+1, l, err)
			}
		}
		if slices.Contains(lines, `terminal = "kitty"`) && s.Terminal != "kitty" {
			t.Errorf("a good key after a bad one was not applied: %q", lines)
		}
		if slices.Contains(lines, `warn = "6h"`) && time.Duration(s.Warn) != 6*time.Hour {
			t.Errorf("warn not applied: %q", lines)
		}
	}
}

// TestLimits: each key's limits, at and past the edge.
func TestLimits(t *testing.T) {
	many := func(n int, item string) string { return strings.TrimSuffix(strings.Repeat(item+", ", n), ", ") }
	hosts := func(n int) string { return strings.Repeat("[[host]]\nssh = \"h\"\n", n) }
	tests := []struct {
		file  string
		ok    bool
		check func(Settings) bool
	}{
		{`warn = "1m"`, true, func(s Settings) bool { return time.Duration(s.Warn) == time.Minute }},
		{`warn = "59s"`, false, func(s Settings) bool { return time.Duration(s.Warn) == 24*time.Hour }},
		{`warn = "366d"`, true, func(s Settings) bool { return time.Duration(s.Warn) == 366*day }},
		{`warn = "367d"`, false, nil},
		{`warn = "100001d"`, false, nil},
		{`warn = "99999d99999999h"`, false, nil},
		{`warn = "1d-5h"`, false, nil},
		{`remote_poll = "7d"`, true, nil},
		{`remote_poll = "8d"`, false, func(s Settings) bool { return time.Duration(s.PollRemote) == 15*time.Minute }},
		{`notify_before = [` + many(16, `"1h"`) + `]`, true, func(s Settings) bool { return len(s.Notify) == 16 }},
		{`notify_before = [` + many(17, `"1h"`) + `]`, false, func(s Settings) bool { return len(s.Notify) == 2 }},
		{`notify_before = []`, true, func(s Settings) bool { return len(s.Notify) == 0 }},
		{`claude_config_dirs = [` + many(64, `"/d"`) + `]`, true, nil},
		{`claude_config_dirs = [` + many(65, `"/d"`) + `]`, false, func(s Settings) bool { return len(s.ClaudeDirs) == 0 }},
		{`gateway_state_dirs = ["/ok", "/bad\u0000", ""]`, false, func(s Settings) bool { return slices.Equal(s.StateDirs, []string{"/ok"}) }},
		{`ssh_command = "` + strings.Repeat("x", 1025) + `"`, false, func(s Settings) bool { return s.SSHCommand == "" }},
		{`terminal = "kitty\n-e"`, false, func(s Settings) bool { return s.Terminal == "" }},
		{hosts(100), true, func(s Settings) bool { return len(s.Hosts) == 100 }},
		{hosts(101), false, func(s Settings) bool { return len(s.Hosts) == 100 }},
		{"[[host]]\nssh = \"a\"\nport = 22\n[[host]]\nssh = \"b\"\nname = 5\n", false, func(s Settings) bool { return len(s.Hosts) == 1 && s.Hosts[0].Destination.String() == "a" }},
	}
	for _, tt := range tests {
		s, err := Parse("/c/settings.toml", []byte(tt.file))
		if (err == nil) != tt.ok {
			t.Errorf("%.60q: err = %v, want ok=%v", tt.file, err, tt.ok)
		}
		if tt.check != nil && !tt.check(s) {
			t.Errorf("%.60q: settings = %+v", tt.file, s)
		}
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

// TestLargeFileRefused: a settings file over the cap is one sentence and
// the defaults, read in no time.
func TestLargeFileRefused(t *testing.T) {
	s, err := Parse("/c/settings.toml", []byte(strings.Repeat("colour = 1\n", maxFile/10)))
	if err == nil || !strings.Contains(err.Error(), "larger than 64 KB") || time.Duration(s.Warn) != 24*time.Hour {
		t.Errorf("err = %v, settings %+v", err, s)
	}
}

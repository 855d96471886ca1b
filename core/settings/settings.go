// Package settings is authtray's one human-editable file: settings.toml in
// the platform's config dir. A missing file means defaults; a malformed one
// means defaults and one sentence saying what is wrong, never a crash.
package settings

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/authtray/authtray/core/sshdest"
)

// FileName is the settings file inside the config dir.
const FileName = "settings.toml"

// Settings is what a user can change.
type Settings struct {
	// Warn is the warn window: a credential inside it is "expiring".
	Warn Duration `toml:"warn"`
	// Notify holds the notification thresholds, before expiry ("24h", "1h");
	// a notification also fires at expiry itself.
	Notify []Duration `toml:"notify_before"`
	// Notifications turns desktop notifications on or off.
	Notifications bool `toml:"notifications"`
	// ClaudeDirs are extra Claude Code config dirs (a desktop app does not
	// inherit the shell's CLAUDE_CONFIG_DIR).
	ClaudeDirs []string `toml:"claude_config_dirs"`
	// StateDirs are extra gateway state dirs.
	StateDirs []string `toml:"gateway_state_dirs"`
	// Terminal is the preferred terminal emulator ("" picks one).
	Terminal string `toml:"terminal"`
	// SSHCommand runs ssh for remote hosts, e.g. "ssh -F ~/.ssh/work_config".
	SSHCommand string `toml:"ssh_command"`
	// Hosts are remote machines whose gateway authtray watches over ssh.
	Hosts []Host `toml:"host"`
	// PollRemote is how often a host without authtray is polled.
	PollRemote Duration `toml:"remote_poll"`
}

// Host is one remote machine.
type Host struct {
	Name string `toml:"name"`
	// Destination is parsed as it is read: an invalid one makes the file
	// malformed (sshdest.Parse says why).
	Destination sshdest.Dest `toml:"ssh"`
	StateDir    string       `toml:"state_dir"`
	ClaudeDir   string       `toml:"claude_config_dir"`
}

// DefaultNotify are the notifications before a deadline when the file sets
// none (notify_before): a day and an hour before. The alert policy and the
// live loop default to them too, so what is sent is what is woken for.
func DefaultNotify() []time.Duration { return []time.Duration{24 * time.Hour, time.Hour} }

// Durations converts settings' durations.
func Durations(ds []Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = time.Duration(d)
	}
	return out
}

// Defaults are the settings with no file.
func Defaults() Settings {
	notify := make([]Duration, 0, 2)
	for _, d := range DefaultNotify() {
		notify = append(notify, Duration(d))
	}
	return Settings{
		Warn:          Duration(24 * time.Hour),
		Notify:        notify,
		Notifications: true,
		PollRemote:    Duration(15 * time.Minute),
	}
}

// Parse reads a settings file. On any problem it returns defaults and an
// error whose message is one sentence for the user.
func Parse(path string, data []byte) (Settings, error) {
	s := Defaults()
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&s)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Defaults(), fmt.Errorf("settings file %s is malformed at line %d (%s); using defaults", path, pe.Position.Line, firstLine(pe.Message))
		}
		return Defaults(), fmt.Errorf("settings file %s is malformed (%s); using defaults", path, firstLine(err.Error()))
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return s, fmt.Errorf("settings file %s has unknown keys %s; they are ignored", path, strings.Join(keys, ", "))
	}
	if s.Warn <= 0 {
		return Defaults(), fmt.Errorf("settings file %s: warn must be positive; using defaults", path)
	}
	for i, h := range s.Hosts {
		if h.Destination.IsZero() {
			return Defaults(), fmt.Errorf("settings file %s: host %d has no ssh destination; using defaults", path, i+1)
		}
		if h.Name == "" {
			s.Hosts[i].Name = h.Destination.String()
		}
	}
	return s, nil
}

// Load reads the settings file with read (os.ReadFile or a fake). A missing
// file is not an error.
func Load(path string, read func(string) ([]byte, error)) (Settings, error) {
	data, err := read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Defaults(), nil
	}
	if err != nil {
		return Defaults(), fmt.Errorf("read settings %s: %w; using defaults", path, err)
	}
	return Parse(path, data)
}

// Duration is a time.Duration written as "24h", "90m" or "10d".
type Duration time.Duration

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalText() ([]byte, error) { return []byte(Format(time.Duration(d))), nil }

// ParseDuration accepts Go durations plus a day suffix: "6h", "90m", "10d", "1d12h".
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		var n int
		if _, err := fmt.Sscanf(s[:i], "%d", &n); err != nil || fmt.Sprint(n) != s[:i] {
			return 0, fmt.Errorf("invalid duration %q (use e.g. 6h, 90m or 2d)", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (use e.g. 6h, 90m or 2d)", s)
	}
	return days + d, nil
}

// Format writes d the way ParseDuration reads it, shortest form.
func Format(d time.Duration) string {
	if d%(24*time.Hour) == 0 && d > 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String() // "1h30m0s", "1h0m0s", "45m0s", "30s"
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// Package settings is authtray's one human-editable file: settings.toml in
// the platform's config dir. A missing file means defaults; a malformed one
// means defaults and one sentence saying what is wrong, never a crash.
// Every key is checked on its own: a bad or unknown key is named with its
// line (never its value, which may be a pasted token) and only it falls
// back to its default.
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

// maxFile bounds the settings file: a full one with a hundred hosts is
// about 10 KB, and the TOML decoder takes about a millisecond per 2 KB.
const maxFile = 64 << 10

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

// Parse reads a settings file. It returns the settings with every valid
// key applied and, when something was wrong, an error whose message is one
// sentence for the user naming each problem by key and line.
func Parse(path string, data []byte) (Settings, error) {
	if len(data) > maxFile {
		return Defaults(), fmt.Errorf("settings file %s is larger than %d KB, which no settings file needs; using defaults", path, maxFile>>10)
	}
	var raw map[string]toml.Primitive
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw)
	if err != nil {
		// toml's own message can quote the file: only the line is said.
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Defaults(), fmt.Errorf("settings file %s is malformed at line %d; using defaults", path, pe.Position.Line)
		}
		return Defaults(), fmt.Errorf("settings file %s is malformed; using defaults", path)
	}
	d := decoder{md: md, lines: newLineIndex(data)}
	s := Defaults()
	for _, k := range d.topKeys(raw) {
		if rule, ok := rules[k]; ok {
			rule(&d, raw[k], &s)
		} else {
			d.note(d.lines.key("", -1, k), "unknown key %s is ignored", keyName(k))
		}
	}
	return s, d.err(path)
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

// decoder decodes one key at a time and collects what was wrong.
type decoder struct {
	md    toml.MetaData
	lines lineIndex
	notes []note
}

type note struct {
	line int
	text string
}

func (d *decoder) note(line int, format string, args ...any) {
	d.notes = append(d.notes, note{line, fmt.Sprintf(format, args...)})
}

// topKeys are the file's top-level keys in file order.
func (d *decoder) topKeys(raw map[string]toml.Primitive) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range d.md.Keys() {
		if len(k) > 0 && !seen[k[0]] {
			if _, ok := raw[k[0]]; ok {
				seen[k[0]] = true
				out = append(out, k[0])
			}
		}
	}
	return out
}

// maxNotes is how many problems the sentence lists.
const maxNotes = 5

func (d *decoder) err(path string) error {
	if len(d.notes) == 0 {
		return nil
	}
	var parts []string
	for i, n := range d.notes {
		if i == maxNotes {
			parts = append(parts, fmt.Sprintf("and %d more", len(d.notes)-maxNotes))
			break
		}
		if n.line > 0 {
			parts = append(parts, fmt.Sprintf("line %d: %s", n.line, n.text))
		} else {
			parts = append(parts, n.text)
		}
	}
	return fmt.Errorf("settings file %s: %s", path, strings.Join(parts, "; "))
}

package settings

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/authtray/authtray/core/sshdest"
)

const day = 24 * time.Hour

// The limits of each key. Out of range is refused with a note and the
// default kept, never clamped in silence.
const (
	// A warn window or notice under a minute is below what the scheduler
	// resolves; over a year every credential would always be "expiring".
	minWindow, maxWindow = time.Minute, 366 * day
	// remote_poll runs the gateway's CLI on the host (about 1.5 s and
	// 360 MB there each time): not more often than every 30 s.
	minPoll, maxPoll = 30 * time.Second, 7 * day
	maxThresholds    = 16
	maxDirs          = 64
	maxHosts         = 100
	maxPath          = 4096
	maxCommand       = 1024
	maxName          = 256
)

// rules decode and check each known key into s.
var rules = map[string]func(d *decoder, p toml.Primitive, s *Settings){
	"warn": func(d *decoder, p toml.Primitive, s *Settings) {
		d.duration(p, "warn", minWindow, maxWindow, &s.Warn)
	},
	"remote_poll": func(d *decoder, p toml.Primitive, s *Settings) {
		d.duration(p, "remote_poll", minPoll, maxPoll, &s.PollRemote)
	},
	"notify_before": (*decoder).notifyBefore,
	"notifications": func(d *decoder, p toml.Primitive, s *Settings) {
		if d.md.PrimitiveDecode(p, &s.Notifications) != nil {
			d.note(d.lines.key("", -1, "notifications"), "notifications must be true or false; it stays %v", Defaults().Notifications)
		}
	},
	"claude_config_dirs": func(d *decoder, p toml.Primitive, s *Settings) { d.paths(p, "claude_config_dirs", &s.ClaudeDirs) },
	"gateway_state_dirs": func(d *decoder, p toml.Primitive, s *Settings) { d.paths(p, "gateway_state_dirs", &s.StateDirs) },
	"terminal": func(d *decoder, p toml.Primitive, s *Settings) {
		d.text(p, d.lines.key("", -1, "terminal"), "terminal", maxCommand, &s.Terminal)
	},
	"ssh_command": func(d *decoder, p toml.Primitive, s *Settings) {
		d.text(p, d.lines.key("", -1, "ssh_command"), "ssh_command", maxCommand, &s.SSHCommand)
	},
	"host": (*decoder).hosts,
}

// duration decodes a duration key within [lo, hi] into *dst, which keeps
// its default otherwise.
func (d *decoder) duration(p toml.Primitive, key string, lo, hi time.Duration, dst *Duration) {
	line := d.lines.key("", -1, key)
	var v Duration
	if err := d.md.PrimitiveDecode(p, &v); err != nil {
		d.note(line, "%s %s; the default %s is kept", key, durationProblem(err), Format(time.Duration(*dst)))
		return
	}
	if t := time.Duration(v); t < lo || t > hi {
		d.note(line, "%s must be between %s and %s; the default %s is kept", key, Format(lo), Format(hi), Format(time.Duration(*dst)))
		return
	}
	*dst = v
}

// durationProblem says what is wrong with a duration, in our words only.
func durationProblem(err error) string {
	for _, ours := range []string{errDuration.Error(), "is longer than"} {
		if strings.Contains(err.Error(), ours) {
			if i := strings.Index(err.Error(), ours); i >= 0 {
				return err.Error()[i:]
			}
		}
	}
	return errDuration.Error()
}

func (d *decoder) notifyBefore(p toml.Primitive, s *Settings) {
	line := d.lines.key("", -1, "notify_before")
	var items []toml.Primitive
	if d.md.PrimitiveDecode(p, &items) != nil {
		d.note(line, "notify_before must be a list of durations; the defaults are kept")
		return
	}
	if len(items) > maxThresholds {
		d.note(line, "notify_before lists more than %d times; the defaults are kept", maxThresholds)
		return
	}
	var out []Duration
	for i, it := range items {
		var v Duration
		err := d.md.PrimitiveDecode(it, &v)
		switch {
		case err != nil:
			d.note(line, "notify_before entry %d %s and is ignored", i+1, durationProblem(err))
		case time.Duration(v) < minWindow || time.Duration(v) > maxWindow:
			d.note(line, "notify_before entry %d must be between %s and %s and is ignored", i+1, Format(minWindow), Format(maxWindow))
		default:
			out = append(out, v)
		}
	}
	if len(out) == 0 && len(items) > 0 {
		d.note(line, "notify_before has no usable entry; the defaults are kept")
		return
	}
	s.Notify = out
}

// paths decodes a list of directories.
func (d *decoder) paths(p toml.Primitive, key string, dst *[]string) {
	line := d.lines.key("", -1, key)
	var items []toml.Primitive
	if d.md.PrimitiveDecode(p, &items) != nil {
		d.note(line, "%s must be a list of paths; it is ignored", key)
		return
	}
	if len(items) > maxDirs {
		d.note(line, "%s lists more than %d dirs; it is ignored", key, maxDirs)
		return
	}
	var out []string
	for i, it := range items {
		var v string
		if d.text(it, line, fmt.Sprintf("%s entry %d", key, i+1), maxPath, &v) && strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	*dst = out
}

// text decodes a string of at most max bytes with no control characters
// into *dst; it reports whether it did.
func (d *decoder) text(p toml.Primitive, line int, what string, max int, dst *string) bool {
	var v string
	switch {
	case d.md.PrimitiveDecode(p, &v) != nil:
		d.note(line, "%s must be a string; it is ignored", what)
	case len(v) > max:
		d.note(line, "%s is longer than %d bytes; it is ignored", what, max)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		d.note(line, "%s holds a control character; it is ignored", what)
	default:
		*dst = v
		return true
	}
	return false
}

// hostKeys are the string keys of a [[host]] table (ssh is parsed as a
// destination).
var hostKeys = map[string]func(h *Host) *string{
	"name":              func(h *Host) *string { return &h.Name },
	"state_dir":         func(h *Host) *string { return &h.StateDir },
	"claude_config_dir": func(h *Host) *string { return &h.ClaudeDir },
}

func (d *decoder) hosts(p toml.Primitive, s *Settings) {
	var tables []map[string]toml.Primitive
	if d.md.PrimitiveDecode(p, &tables) != nil {
		d.note(d.lines.key("", -1, "host"), "host must be [[host]] tables; no hosts are used")
		return
	}
	if len(tables) > maxHosts {
		d.note(d.lines.table("host", maxHosts), "more than %d [[host]] tables; the first %d are used", maxHosts, maxHosts)
		tables = tables[:maxHosts]
	}
	for i, t := range tables {
		if h, ok := d.host(i, t); ok {
			s.Hosts = append(s.Hosts, h)
		}
	}
}

// host reads the i-th [[host]] table; one with a bad field is left out.
func (d *decoder) host(i int, t map[string]toml.Primitive) (Host, bool) {
	var h Host
	ok := true
	for _, k := range sortedKeys(t) {
		line := d.lines.key("host", i, k)
		if k == "ssh" {
			ok = d.destination(t[k], line, i, &h) && ok
			continue
		}
		field, known := hostKeys[k]
		if !known {
			d.note(line, "unknown key %s in host %d is ignored", keyName(k), i+1)
			continue
		}
		max := maxPath
		if k == "name" {
			max = maxName
		}
		ok = d.text(t[k], line, fmt.Sprintf("host %d %s", i+1, k), max, field(&h)) && ok
	}
	if ok && h.Destination.IsZero() {
		d.note(d.lines.table("host", i), "host %d has no ssh destination and is left out", i+1)
		ok = false
	}
	if h.Name == "" {
		h.Name = h.Destination.String()
	}
	return h, ok
}

// destination parses a host's ssh destination where it is read
// (sshdest.Parse says why one is refused; it never echoes a token).
func (d *decoder) destination(p toml.Primitive, line, i int, h *Host) bool {
	var v string
	if !d.text(p, line, fmt.Sprintf("host %d ssh", i+1), maxPath, &v) {
		return false
	}
	if strings.TrimSpace(v) == "" {
		return true // said below: no destination
	}
	dest, err := sshdest.Parse(v)
	if err != nil {
		d.note(line, "host %d: %v; it is left out", i+1, err)
		return false
	}
	h.Destination = dest
	return true
}

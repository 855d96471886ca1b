package remote

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/core/source"
	"github.com/authtray/authtray/core/sshdest"
)

// Remote describes the host a row came from, for labelling and fixes.
type Remote struct {
	Name        string // the host's name in settings (or its destination)
	Destination sshdest.Dest
	// StateDir is the host's state_dir setting, the OPENCLAW_STATE_DIR of
	// a fix built here ("" for the gateway's default).
	StateDir string
	// GatewayCLI is the gateway CLI a host without authtray was read with
	// (openclaw, moltbot or clawdbot; "" taken as openclaw).
	GatewayCLI string
}

// wire is the subset of `status --json` this package accepts; anything else
// a host prints is ignored. Its rows are read as this build's own rows
// (profile.Profile, whose JSON is the contract): decodeRow keeps of each
// only what it checks.
type wire struct {
	Schema    *int              `json:"schema"`
	CheckedAt *time.Time        `json:"checkedAt"`
	Profiles  []profile.Profile `json:"profiles"`
	Notes     []string          `json:"notes"`
}

// Parsed is one snapshot read from a host.
type Parsed struct {
	Profiles  []profile.Profile
	CheckedAt time.Time // as the host's clock saw it
}

// ErrSchema is wrapped by ParseSnapshot when the host's authtray speaks
// another JSON schema.
var ErrSchema = errors.New("incompatible schema")

var (
	knownStates = map[string]profile.State{
		"ok": profile.OK, "unknown": profile.Unknown, "expiring": profile.Expiring,
		"expired": profile.Expired, "missing": profile.Missing, "error": profile.Error,
	}
	knownKinds = map[string]profile.Kind{"": "", "oauth": profile.OAuth, "token": profile.Token, "api_key": profile.APIKey}
)

// ParseSnapshot reads one line of `authtray watch --json` (or the output of
// `status --json`) from host r. Every error is one sentence for the host's
// row.
func ParseSnapshot(line []byte, r Remote) (Parsed, error) {
	w, err := decodeWire(line)
	if err != nil {
		return Parsed{}, err
	}
	out := Parsed{CheckedAt: w.CheckedAt.UTC(), Profiles: make([]profile.Profile, 0, len(w.Profiles))}
	for i, wp := range w.Profiles {
		if wp.Host != "" {
			continue // the host's own remote hosts: never chained
		}
		out.Profiles = append(out.Profiles, decodeRow(i, wp, r))
	}
	return out, nil
}

// decodeWire checks a snapshot line's size, JSON, schema, time and row
// count.
func decodeWire(line []byte) (wire, error) {
	var w wire
	if len(line) > MaxLine {
		return w, fmt.Errorf("host sent a snapshot larger than %d KiB", MaxLine>>10)
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '{' {
		return w, errors.New("host's authtray printed something that is not JSON")
	}
	if err := json.Unmarshal(line, &w); err != nil {
		var head struct {
			Schema *int `json:"schema"`
		}
		if json.Unmarshal(line, &head) == nil && head.Schema != nil && *head.Schema != profile.Schema {
			return w, fmt.Errorf("host runs an incompatible authtray (schema %d): %w", *head.Schema, ErrSchema)
		}
		return w, errors.New("host's authtray printed malformed JSON")
	}
	if w.Schema == nil {
		return w, fmt.Errorf("host runs an incompatible authtray (no schema): %w", ErrSchema)
	}
	if *w.Schema != profile.Schema {
		return w, fmt.Errorf("host runs an incompatible authtray (schema %d): %w", *w.Schema, ErrSchema)
	}
	if w.CheckedAt == nil || !saneTime(*w.CheckedAt) {
		return w, errors.New("host's authtray printed a snapshot without a valid checkedAt")
	}
	if len(w.Profiles) > MaxRows {
		return w, fmt.Errorf("host sent %d rows, more than the %d accepted", len(w.Profiles), MaxRows)
	}
	return w, nil
}

// decodeRow turns row i of a host's snapshot into a row of host r: every
// text cleaned, every word of a kind, state or source checked (an unknown
// one makes the row say so), the fix rebuilt for this side of ssh.
func decodeRow(i int, wp profile.Profile, r Remote) profile.Profile {
	p := profile.Profile{
		ID:       safetext.Line(wp.ID),
		Provider: safetext.Line(wp.Provider),
		Location: safetext.Line(wp.Location),
		Agent:    safetext.Line(wp.Agent),
		Account:  redact.Label(safetext.Line(wp.Account)),
		Message:  safetext.Line(wp.Message),
		Note:     safetext.Line(wp.Note),
		Judged:   wp.Judged,
		Host:     r.Name,
		UsedBy:   []profile.Use{},
	}
	bad := func(what string) {
		p.State, p.Judged = profile.Error, true
		p.Message = fmt.Sprintf("host reported an unknown %s for row %d", what, i+1)
	}
	var ok bool
	if p.State, ok = knownStates[string(wp.State)]; !ok {
		bad("state")
	}
	if p.Kind, ok = knownKinds[string(wp.Kind)]; !ok {
		bad("credential kind")
	}
	p.Source = wp.Source
	if _, known := source.Known(p.Source); !known && p.Source != "" {
		// A source this build does not know (a newer authtray's):
		// nothing here can name, group or renew its rows.
		p.Source = ""
		bad("source")
	}
	p.ExpiresAt = saneTimePtr(wp.ExpiresAt)
	p.LoginEndsAt = saneTimePtr(wp.LoginEndsAt)
	p.Refreshable = wp.Refreshable && p.Kind == profile.OAuth
	p.CanRefresh = p.Refreshable // Judge derives Refreshable from it again
	for _, u := range wp.UsedBy {
		if len(p.UsedBy) == 64 {
			break
		}
		p.UsedBy = append(p.UsedBy, profile.Use{Agent: safetext.Line(u.Agent), Model: safetext.Line(u.Model), Role: safetext.Line(u.Role)})
	}
	if u := wp.Unusable; u != nil && (u.Kind == "disabled" || u.Kind == "cooldown") {
		p.Unusable = &profile.Unusable{Kind: u.Kind, Reason: safetext.Line(u.Reason), Until: saneTimePtr(u.Until)}
	}
	decodeFix(&p, wp.Fix, wp.FixEnv, wp.FixArgs, r)
	p.Fingerprint = Fingerprint(p)
	return p
}

// decodeFix gives p the host's own fix command when it sent one this
// machine may run (cleanFix), lets p's source complete the row (a command
// built here from the row's facts for an older authtray, which sends
// none: source.Decode sees the host's fix text in p.Fix), and makes Fix
// the command a person runs from here through ssh.
func decodeFix(p *profile.Profile, fix string, env, args []string, r Remote) {
	if env, args, ok := cleanFix(env, args); ok {
		p.FixEnv, p.FixArgs = env, args
	}
	p.Fix = fix
	source.Of(p.Source).Decode(p, r.origin())
	if len(p.FixArgs) > 0 {
		p.Fix = RemoteFixArgs(r.Destination, p.FixEnv, p.FixArgs)
		return
	}
	p.Fix = RemoteFix(r.Destination, fix)
}

// origin is the host as a source's Decode needs it.
func (r Remote) origin() profile.Origin {
	return profile.Origin{Host: r.Name, StateDir: r.StateDir}
}

// fixPrograms are the programs a remote fix may name; anything else a host
// suggests is dropped rather than shown as a command to run.
var fixPrograms = []string{"claude ", "openclaw ", "moltbot ", "clawdbot ", "authtray "}

// RemoteFix turns a fix command printed by a host into the command a person
// runs from here: `ssh -t DEST -- <fix>`. Only fixes that call a known
// program with plain words survive; shell metacharacters, quotes and control
// characters drop the fix altogether. The text is for people: it is never
// run by authtray (ReauthArgv builds argv for that).
func RemoteFix(dest sshdest.Dest, fix string) string {
	fix = strings.TrimSpace(fix)
	if fix == "" || len(fix) > 200 || dest.IsZero() {
		return ""
	}
	known := false
	for _, p := range fixPrograms {
		known = known || strings.HasPrefix(fix, p)
	}
	if !known {
		return ""
	}
	for _, c := range fix {
		if !(c == ' ' || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == '@' || c == ',' ||
			(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return ""
		}
	}
	return "ssh -t " + dest.String() + " -- " + fix
}

// Fingerprint identifies a remote credential for the notifier's once-only
// rule: it changes when the host reports a renewal (a new expiry or login
// end), never depends on a secret.
func Fingerprint(p profile.Profile) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", p.Key(), p.Kind, p.State)
	for _, t := range []*time.Time{p.ExpiresAt, p.LoginEndsAt} {
		if t != nil {
			h.Write([]byte(t.UTC().Format(time.RFC3339)))
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// saneTime bounds times to years a credential can have; a host that sends
// year 0 or 9999 is not describing a real expiry.
func saneTime(t time.Time) bool {
	return t.Year() >= 2000 && t.Year() <= 2200
}

func saneTimePtr(t *time.Time) *time.Time {
	if t == nil || !saneTime(*t) {
		return nil
	}
	return profile.Time(*t)
}

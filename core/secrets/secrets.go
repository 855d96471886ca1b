// Package secrets resolves the gateway's file and exec SecretRefs the way
// the gateway resolves them (dist/resolve-*.mjs, with the file checks of
// @openclaw/fs-safe's readSecureFile and the command checks of
// assertSecureExecCommandPath): the same refusals, limits and protocol.
// Resolved values go back to the caller only; no error or sentence here
// ever holds one.
package secrets

import (
	"context"
	"io/fs"
	"math"
	"strings"
	"time"
)

// OS is what resolving needs of the operating system; platform/secretos
// implements it and tests fake it.
type OS interface {
	// Lstat describes a path without following a final symlink.
	Lstat(name string) (Info, error)
	// EUID is the effective user id (-1 where there is none).
	EUID() int
	// Run runs a command directly (no shell) as Command says, and reports
	// how it ended. An error means it could not be started.
	Run(ctx context.Context, c Command) (Output, error)
}

// Info is the part of an lstat the checks use.
type Info struct {
	Mode  fs.FileMode // type and permission bits
	UID   int
	Links uint64
	Size  int64
}

// Command is one exec provider run.
type Command struct {
	Path  string
	Args  []string
	Env   []string // the whole environment: nothing else is inherited
	Dir   string
	Stdin []byte
	// Timeout bounds the run; NoOutput bounds a stretch without output.
	Timeout, NoOutput time.Duration
	// MaxOutput is the most stdout+stderr bytes kept; more ends the run.
	MaxOutput int
}

// Output is how a run ended.
type Output struct {
	Stdout   []byte
	Code     int
	TimedOut bool // the whole run took longer than Timeout
	Silent   bool // no output for NoOutput
	TooLarge bool // more than MaxOutput bytes
}

// Defaults of dist/resolve-*.mjs.
const (
	defaultFileMaxBytes  = 1 << 20
	defaultTimeout       = 5 * time.Second
	defaultExecMaxOutput = 1 << 20
	maxBatchBytes        = 262144
	maxRefsPerProvider   = 512
	maxTimerMilliseconds = math.MaxInt32
	protocolVersion      = 1
	singleValueFileRefID = "value"
)

// redacted are display placeholders, never credentials
// (isRedactedSecretValue, dist/redact-sentinel-*.mjs): a ref resolving to
// one fails.
var redacted = map[string]bool{"__OPENCLAW_REDACTED__": true, "REDACTED": true, "xoxb-REDACTED": true, "xapp-REDACTED": true,
	"***": true, "[redacted]": true, "[REDACTED]": true, "<redacted>": true, "[REDACTED_PRIVATE_KEY]": true, "[REDACTED CREDENTIAL]": true}

// Results holds, per ref id, its value or why it failed. A provider-wide
// failure (Err) fails every id.
type Results struct {
	Values map[string]string
	Failed map[string]string
	Err    string
}

func newResults() Results { return Results{Values: map[string]string{}, Failed: map[string]string{}} }

// set keeps a resolved value when it is one the gateway accepts: a
// non-empty string that is no redaction placeholder
// (assertExpectedResolvedSecretValue, createProviderResolutionTasks).
func (r Results) set(id string, v any) {
	s, ok := v.(string)
	switch {
	case !ok || strings.TrimSpace(s) == "":
		r.Failed[id] = "it resolved to a non-string or empty value"
	case redacted[strings.TrimSpace(s)]:
		r.Failed[id] = "it resolves to a redaction placeholder"
	default:
		r.Values[id] = s
	}
}

// timerMs is normalizePositiveTimerMs: a positive finite number of
// milliseconds, else the fallback.
func timerMs(v any, fallback time.Duration) time.Duration {
	f, ok := v.(float64)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
		return fallback
	}
	return time.Duration(math.Min(math.Floor(f), maxTimerMilliseconds)) * time.Millisecond
}

// positiveInt is normalizePositiveInt: at least 1, the fallback for a
// value that is not a finite number.
func positiveInt(v any, fallback int) int {
	f, ok := v.(float64)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return fallback
	}
	return int(math.Max(1, math.Floor(math.Min(f, math.MaxInt32))))
}

package sshx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/safetext"
)

// errTimedOut is run's error when its context ended first.
var errTimedOut = errors.New("timed out")

// noAnswer is the sentence for a host that sent nothing usable within d:
// ssh is still connecting, or it connected and the far side is silent.
// status and watch say the same: it is unreachable, with its row.
func noAnswer(d time.Duration) string {
	return fmt.Sprintf("no answer from the host within %v", d.Round(time.Millisecond))
}

// runFailure is the sentence for a one-shot read that failed to run.
func runFailure(err error) string {
	if errors.Is(err, errTimedOut) {
		return noAnswer(OneShotTimeout)
	}
	return err.Error()
}

// sshFailed is ssh's own exit status for a connection or authentication
// failure; a remote command's status is passed through unchanged.
const sshFailed = 255

// usageExit is the status authtray (and sysexits' EX_USAGE) exits with
// for flags it does not know: a host's authtray older than the flags sent.
const usageExit = 64

// tooOld is the sentence for a host's authtray that rejected its command
// line: the first line of stderr names the flag ("flag provided but not
// defined: -state-dir"); the rest is its usage text.
func tooOld(what, stderr string) string {
	s := "the host's authtray is too old: it rejected the flags of '" + what + "'; update authtray there"
	if l := firstLine(stderr); l != "" {
		s += " (" + l + ")"
	}
	return s
}

// firstLine is the first non-empty line of stderr, cleaned.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = safetext.Line(l); l != "" {
			return l
		}
	}
	return ""
}

// maxStderr bounds what is kept of ssh's and the remote's stderr: only its
// last line is ever shown.
const maxStderr = 64 << 10

// result is one finished remote command.
type result struct {
	out    []byte
	exit   int // -1 when ssh did not run
	stderr string
}

// run runs argv to completion, keeping at most remote.MaxOutput bytes of
// stdout. A longer output is an error: a sane host never prints that much.
func run(ctx context.Context, argv []string) (result, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = 2 * time.Second
	var out limited
	out.max = remote.MaxOutput
	var errb limited
	errb.max = maxStderr
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	// ExitCode is -1 when ssh never ran or was killed.
	res := result{out: out.Bytes(), exit: cmd.ProcessState.ExitCode(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return res, errTimedOut
	case err == nil, errors.As(err, &ee):
	default:
		return res, fmt.Errorf("cannot run %s: %w", argv[0], err)
	}
	if out.over {
		return res, fmt.Errorf("host printed more than %d MiB", remote.MaxOutput>>20)
	}
	return res, nil
}

// limited is a buffer that keeps its first max bytes and drops the rest.
type limited struct {
	bytes.Buffer
	max  int
	over bool
}

func (l *limited) Write(p []byte) (int, error) {
	room := l.max - l.Len()
	if len(p) > room {
		l.over = true
		if room > 0 {
			l.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return l.Buffer.Write(p)
}

// lastLine is the last non-empty line of stderr, cleaned: ssh's own
// diagnosis ("ssh: connect to host … Connection refused") or the remote
// shell's ("authtray: command not found").
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := safetext.Line(lines[i]); l != "" {
			return l
		}
	}
	return ""
}

// sshReason is the sentence for an ssh failure (exit 255).
func sshReason(stderr string) string {
	if l := lastLine(stderr); l != "" {
		return l
	}
	return "ssh failed without saying why"
}

// discard drains r so a child never blocks on a full pipe.
func discard(r io.Reader) { _, _ = io.Copy(io.Discard, r) }

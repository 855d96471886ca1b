package keychain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/authtray/authtray/core/claude"
)

// testOnlySecurity replaces securityPath in tests, which run a fake
// security script on Linux.
var testOnlySecurity string

// maxOutput bounds what is kept of security's stdout: an item is a few
// kilobytes, and nothing bigger is a Claude Code login.
const maxOutput = 8 << 20

// security runs /usr/bin/security with args and a Timeout (AskTimeout for
// a read the user asked for), and maps its exit status with
// claude.ExitError and a timeout to claude.ErrNoAnswer. stderr is
// discarded: errors are built from the status alone, never from output.
func security(ctx context.Context, args ...string) ([]byte, error) {
	path := securityPath
	if testOnlySecurity != "" {
		path = testOnlySecurity
	}
	limit := Timeout
	if claude.UserAsked(ctx) {
		// The user asked, so a prompt may be on screen: give them time to
		// read it and type a password.
		limit = AskTimeout
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout = &limited{buf: &out, n: maxOutput}
	err := cmd.Run()
	if err == nil {
		return out.Bytes(), nil
	}
	clear(out.Bytes())
	if parent.Err() != nil {
		// The caller gave up (its own deadline or a cancel): no verdict on
		// the keychain.
		return nil, parent.Err()
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("security did not answer within %s: %w", limit, claude.ErrNoAnswer)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() > 0 {
		return nil, claude.ExitError(exit.ExitCode())
	}
	return nil, fmt.Errorf("run %s: %w", path, err)
}

// limited keeps at most n bytes and fails the write beyond them, which ends
// the command with an error.
type limited struct {
	buf *bytes.Buffer
	n   int
}

func (l *limited) Write(p []byte) (int, error) {
	if l.buf.Len()+len(p) > l.n {
		return 0, errors.New("security printed more than 8 MB")
	}
	return l.buf.Write(p)
}

// find reads one generic password's data, as `security -w` prints it.
func find(ctx context.Context, service, account string) ([]byte, error) {
	return security(ctx, "find-generic-password", "-a", account, "-s", service, "-w")
}

// attrModTime reads an item's modification date from its attributes,
// without its data.
func attrModTime(ctx context.Context, service, account string) (time.Time, error) {
	out, err := security(ctx, "find-generic-password", "-a", account, "-s", service)
	if err != nil {
		return time.Time{}, err
	}
	return parseMdat(out)
}

// lockedBySecurity asks `security show-keychain-info` (the default
// keychain, as Claude Code checks it): exit 36 means locked. It reads no
// item, so it cannot prompt.
func lockedBySecurity(ctx context.Context) (bool, error) {
	_, err := security(ctx, "show-keychain-info")
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, claude.ErrLocked):
		return true, nil
	}
	return false, fmt.Errorf("check whether the keychain is locked: %w", err)
}

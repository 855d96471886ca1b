package keychain

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/claude"
)

// fakeSecurity installs a shell script as the security binary for one test.
// It answers by account name, the way the real one answers by item: the
// script's stdout/exit status stand in for security's.
func fakeSecurity(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "argv")
	script := `#!/bin/sh
printf '%s\n' "$@" > ` + log + `
if [ "$1" = show-keychain-info ]; then
	[ -e "$0.locked" ] && exit 36
	[ -e "$0.broken" ] && exit 1
	exit 0
fi
case "$3" in
found) printf '%s\n' '{"claudeAiOauth":{}}' ;;
hex) printf '%s\n' 7b7d ;;
missing) echo "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain." >&2; exit 44 ;;
locked) echo "secret-looking stderr sk-ant" >&2; exit 36 ;;
denied) exit 51 ;;
cancelled) exit 128 ;;
odd) exit 25 ;;
slow) exec sleep 10 ;;
attrs) printf '%s\n' 'attributes:' '    "mdat"<timedate>=0x32303236313132353039303630305A00  "20261125090600Z\000"' ;;
esac
`
	path := filepath.Join(dir, "security")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	testOnlySecurity = path
	t.Cleanup(func() { testOnlySecurity = "" })
	return log
}

func TestFind(t *testing.T) {
	log := fakeSecurity(t)
	ctx := context.Background()

	out, err := find(ctx, "Claude Code-credentials", "found")
	if err != nil || string(out) != "{\"claudeAiOauth\":{}}\n" {
		t.Errorf("found: %q, %v", out, err)
	}
	argv, _ := os.ReadFile(log)
	if got := strings.Fields(strings.ReplaceAll(string(argv), " ", "_")); strings.Join(got, " ") != "find-generic-password -a found -s Claude_Code-credentials -w" {
		t.Errorf("argv = %q", got)
	}
	if out, err := find(ctx, "s", "hex"); err != nil || string(out) != "7b7d\n" {
		t.Errorf("hex: %q, %v", out, err)
	}
	for acct, want := range map[string]error{"missing": claude.ErrNotFound, "locked": claude.ErrLocked, "denied": claude.ErrDenied, "cancelled": claude.ErrDenied} {
		if _, err := find(ctx, "s", acct); !errors.Is(err, want) {
			t.Errorf("%s: err = %v, want %v", acct, err, want)
		}
	}
	if _, err := find(ctx, "s", "odd"); err == nil || err.Error() != "security exited with status 25" {
		t.Errorf("odd: err = %v", err)
	}
}

func TestFindTimeout(t *testing.T) {
	fakeSecurity(t)
	// A real process that never answers: the deadline ends it. The parent
	// context's deadline is shorter than Timeout to keep the test quick.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := find(ctx, "s", "slow"); err == nil {
		t.Fatal("no error from a security that never answers")
	} else if claude.Refused(err) {
		// The caller's own deadline ended it, not security's limit.
		t.Errorf("a caller's deadline reported as a refusal: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestAttrModTime(t *testing.T) {
	log := fakeSecurity(t)
	got, err := attrModTime(context.Background(), "s", "attrs")
	if err != nil || !got.Equal(time.Date(2026, 11, 25, 9, 6, 0, 0, time.UTC)) {
		t.Errorf("attrModTime = %v, %v", got, err)
	}
	argv, _ := os.ReadFile(log)
	if a := "\n" + string(argv); strings.Contains(a, "\n-w\n") || strings.Contains(a, "\n-g\n") {
		t.Errorf("attribute query asked for the data: %q", argv)
	}
	if _, err := attrModTime(context.Background(), "s", "missing"); !errors.Is(err, claude.ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
}

func TestFindTimeoutIsNoAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for Timeout")
	}
	fakeSecurity(t)
	start := time.Now()
	_, err := find(context.Background(), "s", "slow")
	if !errors.Is(err, claude.ErrNoAnswer) {
		t.Fatalf("err = %v, want ErrNoAnswer", err)
	}
	if d := time.Since(start); d < Timeout || d > Timeout+5*time.Second {
		t.Errorf("gave up after %v, want %v", d, Timeout)
	}
}

func TestLockedBySecurity(t *testing.T) {
	fakeSecurity(t)
	ctx := context.Background()
	if l, err := lockedBySecurity(ctx); l || err != nil {
		t.Errorf("unlocked: %v, %v", l, err)
	}
	mark := func(name string) func() {
		p := testOnlySecurity + "." + name
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		return func() { os.Remove(p) }
	}
	undo := mark("locked")
	if l, err := lockedBySecurity(ctx); !l || err != nil {
		t.Errorf("locked: %v, %v", l, err)
	}
	undo()
	mark("broken")
	if _, err := lockedBySecurity(ctx); err == nil {
		t.Error("a failing show-keychain-info gave no error")
	}
}

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
case "$3" in
found) printf '%s\n' '{"claudeAiOauth":{}}' ;;
hex) printf '%s\n' 7b7d ;;
missing) echo "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain." >&2; exit 44 ;;
locked) echo "secret-looking stderr sk-ant" >&2; exit 36 ;;
odd) exit 51 ;;
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
	for acct, want := range map[string]error{"missing": claude.ErrNotFound, "locked": claude.ErrLocked} {
		if _, err := find(ctx, "s", acct); !errors.Is(err, want) {
			t.Errorf("%s: err = %v, want %v", acct, err, want)
		}
	}
	if _, err := find(ctx, "s", "odd"); err == nil || err.Error() != "security exited with status 51" {
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

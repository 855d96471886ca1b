// Package otheruser is what a test that runs as root needs to have a
// program see files as another user's, or make them another user's: as
// root no mode bit denies a read, and every file is its own. The suites of
// cmd/authtray and core/gateway run a copy of their test binary as UID.
package otheruser

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// UID is the other user (and its group): no account, not root.
const UID = 4242

// Dir is a temporary directory UID can enter: it and every directory
// above it, up to the system's temporary directory, are made 0755.
func Dir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Self copies the running test binary to dst, 0755, for UID to run: the
// go command builds it in a directory only root can enter.
func Self(t testing.TB, dst string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// As makes cmd run as UID.
func As(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: UID, Gid: UID}}
}

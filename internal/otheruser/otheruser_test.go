package otheruser

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestAsOtherUser runs `id -u` from Dir as UID: the directory can be
// entered, and the process is UID's.
func TestAsOtherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a program as another user")
	}
	id, err := exec.LookPath("id")
	if err != nil {
		t.Skip("no id command")
	}
	dir := Dir(t)
	cmd := exec.Command(id, "-u")
	cmd.Dir = dir
	As(cmd)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("id -u in %s as %d: %v", dir, UID, err)
	}
	if got := string(bytes.TrimSpace(out)); got != strconv.Itoa(UID) {
		t.Errorf("id -u = %s, want %d", got, UID)
	}
}

func TestSelf(t *testing.T) {
	dst := filepath.Join(Dir(t), "copy.test")
	Self(t, dst)
	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	self, _ := os.Executable()
	orig, err := os.Stat(self)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() != orig.Size() || fi.Mode().Perm() != 0o755 {
		t.Errorf("copy: %d bytes mode %v, want %d bytes mode 0755", fi.Size(), fi.Mode().Perm(), orig.Size())
	}
}

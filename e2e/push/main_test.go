// Package pushe2e runs the real `authtray watch` on a fixture HOME against
// loopback HTTP receivers standing for an ntfy server and a generic
// webhook, and against the real gateway CLI's `message send --dry-run`
// (openclaw://), and checks what a user's phone would get: each alert once
// per threshold, with the profile and its state and no byte of a token;
// nothing again after a restart; a target that answers 500 retried until
// it takes the alert; a renewal said once; and one sender per user when two
// authtrays run.
package pushe2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var (
	authtray string // the binary under test, built once in TestMain
	buildErr error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "authtray-push-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	authtray = filepath.Join(dir, "authtray")
	cmd := exec.Command("go", "build", "-o", authtray, "github.com/authtray/authtray/cmd/authtray")
	if out, err := cmd.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build authtray: %v\n%s", err, out)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

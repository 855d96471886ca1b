// Package need is what a test does when the machine lacks a program it
// needs: skip on a developer's machine, fail under CI (CI=true), where
// .ci/ installs everything, so that a skip never hides a test there.
package need

import (
	"os"
	"os/exec"
	"testing"
)

// Missing skips t with why, or fails it under CI.
func Missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(why + " (CI=true: .ci/ installs it, so the test must run)")
	}
	t.Skip(why)
}

// Tool is the path of the program name; when it is not installed, t is
// skipped, or failed under CI (Missing), saying install: what installs it.
func Tool(t testing.TB, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" is missing ("+install+")")
	}
	return p
}

// Package e2ebin builds the authtray binary the end-to-end suites run: the
// real program, started as a user starts it.
package e2ebin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Build builds cmd/authtray into dir and returns the binary's path.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "authtray")
	out, err := exec.Command(goTool(), "build", "-o", bin, "github.com/authtray/authtray/cmd/authtray").CombinedOutput()
	if err != nil {
		return bin, fmt.Errorf("go build authtray: %v\n%s", err, out)
	}
	return bin, nil
}

// goTool is the go command that runs the suite, even when PATH lacks it.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// Main is a suite's TestMain: it builds the binary into a temporary dir
// named for the suite, sets *bin (and *buildErr when the build fails, for
// the tests to report: a suite that needs no binary still runs), runs the
// suite, removes the dir and exits with the suite's code.
func Main(m *testing.M, suite string, bin *string, buildErr *error) {
	dir, err := os.MkdirTemp("", "authtray-"+suite+"-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*bin, *buildErr = Build(dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

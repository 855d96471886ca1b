// Package cleanrun runs a command as `env -i` would: with exactly the
// environment given and from /, so that nothing of the caller's
// environment or working directory reaches it. The parity suite,
// bench/vsgateway and bench/startup run the gateway's CLI and authtray
// this way.
package cleanrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Result is one finished command.
type Result struct {
	Stdout, Stderr []byte
	Code           int
	Took           time.Duration
	// State is the process's state (its rusage), nil when it did not run.
	State *os.ProcessState
}

// Run runs argv with exactly env, and stdin as its input ("" for none). An
// exit with a non-zero code is a Result, not an error; a command that
// could not run or was ended by ctx is an error.
func Run(ctx context.Context, env []string, stdin string, argv ...string) (Result, error) {
	cmd := Command(ctx, env, argv...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	start := time.Now()
	err := cmd.Run()
	r := Result{Stdout: out.Bytes(), Stderr: errb.Bytes(), Took: time.Since(start), State: cmd.ProcessState}
	if r.Code, err = Code(ctx, err); err != nil {
		return r, fmt.Errorf("run %s: %w", strings.Join(argv, " "), err)
	}
	return r, nil
}

// Command is argv, to run with exactly env and from /, for a caller that
// wires its output itself (bench/startup sends stdout to /dev/null, so
// that the copying of a pipe is no part of what it times).
func Command(ctx context.Context, env []string, argv ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = "/"
	return cmd
}

// Code is the exit code of a Command that ran, from what its Run or Wait
// returned: an exit with a non-zero code is that code, not an error; a
// command that could not run or was ended by ctx is an error.
func Code(ctx context.Context, err error) (int, error) {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &ee) && ctx.Err() == nil:
		return ee.ExitCode(), nil
	}
	return 0, err
}

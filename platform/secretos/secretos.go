// Package secretos is what resolving the gateway's SecretRefs needs of the
// OS (core/secrets.OS): an lstat with owner and link count, the effective
// user, and running an exec provider the way the gateway runs one
// (runCommandWithTimeout with killProcessTree: its whole process group is
// killed when it overruns).
package secretos

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/authtray/authtray/core/secrets"
)

// OS is the real one.
type OS struct{}

var _ secrets.OS = OS{}

// EUID is the effective user id.
func (OS) EUID() int { return os.Geteuid() }

// Lstat describes name without following a final symlink.
func (OS) Lstat(name string) (secrets.Info, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return secrets.Info{}, err
	}
	uid, links := owner(fi)
	return secrets.Info{Mode: fi.Mode(), UID: uid, Links: links, Size: fi.Size()}, nil
}

// Run runs c.Path with exactly c.Env, in c.Dir, c.Stdin on its stdin. It
// ends the run (its process group) at c.Timeout, after c.NoOutput without
// output, or past c.MaxOutput bytes of output.
func (OS) Run(ctx context.Context, c secrets.Command) (secrets.Output, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Env = append([]string{}, c.Env...) // never nil: nil would inherit ours
	cmd.Dir = c.Dir
	cmd.Stdin = bytes.NewReader(c.Stdin)
	w := &capWriter{max: c.MaxOutput, seen: make(chan struct{}, 1)}
	cmd.Stdout, cmd.Stderr = w.stream(true), w.stream(false)
	newGroup(cmd)
	if err := cmd.Start(); err != nil {
		return secrets.Output{}, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var out secrets.Output
	total := time.NewTimer(c.Timeout)
	defer total.Stop()
	idle := time.NewTimer(c.NoOutput)
	defer idle.Stop()
	for {
		select {
		case err := <-done:
			out.Stdout = w.stdout()
			out.TooLarge = w.over()
			var ee *exec.ExitError
			switch {
			case err == nil:
			case errors.As(err, &ee):
				out.Code = ee.ExitCode()
			default:
				return out, err
			}
			return out, nil
		case <-w.seen:
			if w.over() {
				killGroup(cmd)
				continue
			}
			idle.Reset(c.NoOutput)
		case <-total.C:
			out.TimedOut = true
			killGroup(cmd)
		case <-idle.C:
			out.Silent = true
			killGroup(cmd)
		case <-ctx.Done():
			killGroup(cmd)
		}
	}
}

// capWriter keeps the first max bytes of a run's output (stdout and stderr
// together, as maxCombinedOutputBytes) and signals each write.
type capWriter struct {
	mu   sync.Mutex
	max  int
	n    int
	out  bytes.Buffer
	seen chan struct{}
}

type capStream struct {
	w      *capWriter
	stdout bool
}

func (w *capWriter) stream(stdout bool) *capStream { return &capStream{w: w, stdout: stdout} }

func (s *capStream) Write(p []byte) (int, error) {
	w := s.w
	w.mu.Lock()
	room := w.max - w.n
	if room > 0 && s.stdout {
		w.out.Write(p[:min(len(p), room)])
	}
	w.n += len(p)
	w.mu.Unlock()
	select {
	case w.seen <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (w *capWriter) over() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n > w.max
}

func (w *capWriter) stdout() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]byte(nil), w.out.Bytes()...)
}

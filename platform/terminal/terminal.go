// Package terminal opens a real terminal window running one command, so the
// user can re-authenticate (claude setup-token, claude auth login) with one
// click. The command's arguments are passed as arguments, never pasted into
// a shell line, and CLAUDE_CODE_OAUTH_TOKEN is removed from its environment:
// a token there would shadow the login being renewed.
package terminal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Command is what to run in the new window.
type Command struct {
	// Args is the program and its arguments, e.g. {"claude", "setup-token"}.
	Args []string
	// Title is the window title, where the terminal accepts one.
	Title string
	// Preferred is settings.Terminal: a program name or path, optionally with
	// leading arguments ("kitty", "/usr/bin/foot", "wezterm start --"). ""
	// picks one.
	Preferred string
	// Env is the child's environment; nil means this process's environment.
	// CLAUDE_CODE_OAUTH_TOKEN is removed from it either way.
	Env []string
}

// ErrNoTerminal is returned by Launch when no terminal emulator is found.
var ErrNoTerminal = errors.New("no terminal emulator found: install xterm or set `terminal` in settings.toml")

// TokenEnv is the variable stripped from the child's environment.
const TokenEnv = "CLAUDE_CODE_OAUTH_TOKEN"

// startWindow is how long Launch watches a freshly started terminal: one that
// cannot open a window (no display, bad option) exits within it, and its
// error is worth reporting. One that is still running has opened its window.
const startWindow = 700 * time.Millisecond

// Launch opens a terminal window running cmd and returns once the window is
// up (or the terminal failed to start). The window stays open after the
// command ends, until the user presses Enter, so its output can be read.
func Launch(ctx context.Context, cmd Command) error {
	if len(cmd.Args) == 0 {
		return errors.New("terminal: nothing to run")
	}
	return launch(ctx, cmd)
}

// Found reports whether Launch would find a terminal, preferred being
// settings.Terminal. It only looks programs up on PATH, so the tray can ask
// on every menu build.
func Found(preferred string) bool { return found(preferred) }

// cleanEnv returns env without CLAUDE_CODE_OAUTH_TOKEN.
func cleanEnv(env []string) []string {
	if env == nil {
		env = os.Environ()
	}
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if strings.HasPrefix(kv, TokenEnv+"=") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// holdScript runs the command, then waits for Enter. Its first positional
// parameter is the program's name for the failure line; the rest, "$@"
// after a shift, is the command, so its arguments are never parsed by the
// shell.
const holdScript = `unset ` + TokenEnv + `; n=$1; shift; "$@"; s=$?; echo; if [ "$s" -ne 0 ]; then echo "($n exited with status $s)"; fi; printf 'Press Enter to close this window. '; read _`

// held wraps args in holdScript: sh -c SCRIPT sh NAME ARGS...
func held(args []string) []string {
	return append([]string{"sh", "-c", holdScript, "sh", programName(args)}, args...)
}

// programName is the name of the program args really run: a re-auth goes
// through env(1) to set or unset CLAUDE_CONFIG_DIR without a shell, so
// env's own options and NAME=VALUE words are skipped ("env -u A B=c claude
// auth login" runs claude). It is the base name, as a user would type it.
func programName(args []string) string {
	if len(args) == 0 {
		return ""
	}
	if filepath.Base(args[0]) != "env" {
		return filepath.Base(args[0])
	}
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-u" || a == "--unset" || a == "-C" || a == "--chdir":
			i++ // the option's value is the next word
		case a == "-S" || a == "--split-string":
			// The rest of the command is one word: its first field.
			if i+1 < len(args) {
				if f := strings.Fields(args[i+1]); len(f) > 0 {
					return filepath.Base(f[0])
				}
			}
			return "env"
		case a == "--":
			if i+1 < len(args) {
				return filepath.Base(args[i+1])
			}
			return "env"
		case strings.HasPrefix(a, "-"):
			// -i, -, -uNAME, --unset=NAME, -0…: no separate value.
		case strings.Contains(a, "="):
			// NAME=VALUE
		default:
			return filepath.Base(a)
		}
	}
	return "env" // env alone prints the environment
}

// run starts argv detached from authtray (its own session, so closing the
// tray does not close the window) and reports an early failure.
func run(ctx context.Context, argv, env []string) error {
	c := exec.Command(argv[0], argv[1:]...)
	c.Env = env
	c.SysProcAttr = detached()
	var stderr bytes.Buffer
	c.Stderr = &limitWriter{w: &stderr, n: 2048}
	if err := c.Start(); err != nil {
		return fmt.Errorf("start %s: %w", argv[0], err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	t := time.NewTimer(startWindow)
	defer t.Stop()
	select {
	case err := <-done:
		if err != nil {
			msg := strings.TrimSpace(stderr.String())
			if msg != "" {
				return fmt.Errorf("%s could not open a window: %w: %s", argv[0], err, firstLine(msg))
			}
			return fmt.Errorf("%s could not open a window: %w", argv[0], err)
		}
		// Exited cleanly at once: a client that handed the window to a
		// server (gnome-terminal, kitty --single-instance, wezterm).
		return nil
	case <-t.C:
		return nil
	case <-ctx.Done():
		return nil
	}
}

// limitWriter keeps the first n bytes written to it and drops the rest.
type limitWriter struct {
	w interface{ Write([]byte) (int, error) }
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

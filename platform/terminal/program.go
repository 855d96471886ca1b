package terminal

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
)

// ErrNoClaude says Claude Code is missing and how to install it.
var ErrNoClaude = errors.New("Claude Code is not installed: npm install -g @anthropic-ai/claude-code")

// GatewayCLIs are the OpenClaw gateway's command names, newest first.
var GatewayCLIs = []string{"openclaw", "moltbot", "clawdbot"}

// LookPath finds a program the way a re-auth needs it: on PATH, or where its
// installers put it. A tray started by the desktop often has a shorter PATH
// than the user's shell, so ~/.local/bin (Claude Code's native installer),
// ~/.claude/local (its old local install) and the npm global bins are
// searched too.
func LookPath(name string) (string, error) {
	return lookPath(name, exec.LookPath, os.UserHomeDir, isExec)
}

func lookPath(name string, look func(string) (string, error), home func() (string, error), isExec func(string) bool) (string, error) {
	if p, err := look(name); err == nil {
		return p, nil
	}
	h, err := home()
	if err != nil {
		return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
	}
	for _, dir := range []string{
		filepath.Join(h, ".local", "bin"),
		filepath.Join(h, ".claude", "local"),
		filepath.Join(h, ".npm-global", "bin"),
		filepath.Join(h, ".bun", "bin"),
		"/opt/homebrew/bin",
		"/usr/local/bin",
	} {
		if p := filepath.Join(dir, name); isExec(p) {
			return p, nil
		}
	}
	return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// Claude returns the path of the claude program, or ErrNoClaude.
func Claude() (string, error) {
	p, err := LookPath("claude")
	if err != nil {
		return "", ErrNoClaude
	}
	return p, nil
}

// GatewayCLI returns the first installed gateway command (openclaw, moltbot,
// clawdbot) and its path; ok is false when none is installed.
func GatewayCLI() (name, path string, ok bool) {
	for _, n := range GatewayCLIs {
		if p, err := LookPath(n); err == nil {
			return n, p, true
		}
	}
	return "", "", false
}

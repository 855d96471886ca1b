//go:build darwin

package terminal

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/authtray/authtray/platform/paths"
)

// On macOS a terminal is opened by asking Terminal (or iTerm) to run a
// small .command script (see macArgv). The script carries the arguments single-quoted,
// unsets CLAUDE_CODE_OAUTH_TOKEN (Terminal starts a login shell that does not
// inherit our environment but may set it from the user's profile), and
// deletes itself as soon as it starts. A failing command is named (not
// env, which sets its config dir) with its exit status.
func launch(ctx context.Context, cmd Command) error {
	dir, err := paths.StateDir()
	if err != nil {
		return fmt.Errorf("find state dir: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	sweep(dir, time.Now())
	f, err := os.CreateTemp(dir, "reauth-*.command")
	if err != nil {
		return fmt.Errorf("create script in %s: %w", dir, err)
	}
	name := f.Name()
	_, werr := f.WriteString(commandScript(cmd.Args))
	cerr := f.Close()
	if err := firstErr(werr, cerr, os.Chmod(name, 0o700)); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := run(ctx, macArgv(cmd.Preferred, name), cleanEnv(cmd.Env)); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// commandScript is the .command file's text.
func commandScript(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = quote(a)
	}
	return "#!/bin/sh\nrm -f \"$0\"\nunset " + TokenEnv + "\n" + strings.Join(q, " ") +
		"\ns=$?\necho\nif [ \"$s\" -ne 0 ]; then echo " + quote("("+programName(args)+" exited with status ") + "\"$s)\"; fi" +
		"\nprintf 'Press Enter to close this window. '\nread _\n"
}

// quote single-quotes s for sh.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// sweep removes scripts a terminal never ran (it was closed before starting).
func sweep(dir string, now time.Time) {
	old, _ := filepath.Glob(filepath.Join(dir, "reauth-*.command"))
	for _, p := range old {
		if fi, err := os.Stat(p); err == nil && now.Sub(fi.ModTime()) > time.Hour {
			os.Remove(p)
		}
	}
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// found is always true on macOS: Terminal is part of the system.
func found(string) bool { return true }

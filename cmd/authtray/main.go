// Command authtray shows when the credentials of Claude Code and of the
// OpenClaw gateway expire: in the tray with no arguments, or as a CLI.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/gateway"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/scan"
	"github.com/authtray/authtray/core/secrets"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/internal/lazyregexp"
	"github.com/authtray/authtray/platform/keychain"
	"github.com/authtray/authtray/platform/paths"
	"github.com/authtray/authtray/platform/secretos"
)

// appEnv is everything a subcommand touches of the outside world, so tests
// can run the real code paths against fixtures.
type appEnv struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	LookupEnv      func(string) (string, bool)
	Home           string
	FS             fsys.FS
	Now            func() time.Time
	Zone           *time.Location
	Keychain       claude.Keychain
	User           string
	// SecretOS resolves the gateway config's SecretRefs; refCache keeps an
	// exec resolver's outcome across a live view's scans until the config
	// changes (it may prompt, a password manager).
	SecretOS secrets.OS
	refCache gateway.RefCache

	// Settings are loaded once at start; SettingsErr is the sentence that
	// says what was wrong with the file (defaults are in use then).
	Settings     settings.Settings
	SettingsPath string
	SettingsErr  error

	// Secrets is the process's one set of secret values: every scan's
	// readers add to it, and every output masks through it (output.go).
	Secrets *redact.Set
}

// ScanInput is a fresh scan.Input for this moment.
func (e *appEnv) ScanInput() scan.Input {
	in := scan.Input{
		Home:      e.Home,
		Getenv:    e.Getenv,
		LookupEnv: e.LookupEnv,
		FS:        e.FS,
		Now:       e.Now(),
		Zone:      e.Zone,
		Settings:  e.Settings,
		Keychain:  e.Keychain,
		User:      e.User,
		Secrets:   e.Secrets,

		NodePrefixes: paths.NodePrefixes(),
		SecretOS:     e.SecretOS,
		RefCache:     &e.refCache,
	}
	if e.SettingsErr != nil {
		in.Notes = []string{e.SettingsErr.Error()}
	}
	return in
}

// ReloadSettings re-reads the settings file (the tray calls it when the file
// changes).
func (e *appEnv) ReloadSettings() {
	e.Settings, e.SettingsErr = settings.Load(e.SettingsPath, e.FS.ReadFile)
}

func newAppEnv() *appEnv {
	home, err := os.UserHomeDir()
	if err != nil {
		home = os.Getenv("HOME")
	}
	e := &appEnv{
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
		Getenv:    os.Getenv,
		LookupEnv: os.LookupEnv,
		Home:      home,
		FS:        fsys.OS{},
		Now:       time.Now,
		Zone:      time.Local,
		Keychain:  keychain.New(),
		SecretOS:  secretos.OS{},
		Secrets:   &redact.Set{},
	}
	// The login name only names Claude Code's keychain item (when $USER is
	// unset); where there is no keychain, /etc/passwd is not read for it.
	if e.Keychain != nil {
		if u, err := user.Current(); err == nil {
			e.User = u.Username
		}
	}
	// AUTHTRAY_NOW pins the clock for golden tests and demos; it only ever
	// changes what authtray reports, never what it reads.
	if v := os.Getenv("AUTHTRAY_NOW"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			e.Now = func() time.Time { return t }
		}
	}
	e.SettingsPath, err = paths.SettingsFile()
	if err != nil {
		e.Settings, e.SettingsErr = settings.Defaults(), fmt.Errorf("no config dir (%v); using default settings", err)
		return e
	}
	e.ReloadSettings()
	return e
}

const usage = `authtray shows when Claude Code and OpenClaw gateway credentials expire.

Usage:
  authtray                      start the tray (menu-bar) app
  authtray status [flags]       print every credential and its expiry
  authtray watch --json         print a JSON snapshot now and on every change
  authtray metrics [flags]      print the snapshot as Prometheus metrics
  authtray watch --metrics-listen 127.0.0.1:9469
                                serve them live on /metrics
  authtray autostart enable|disable|status [--systemd]
  authtray push add|list|remove  manage push targets (run 'authtray push --help')
  authtray push test [NAME]     send a test alert to the push targets
  authtray service install|uninstall|status
                                run 'authtray watch' as a user service
  authtray version

Run 'authtray status --help' for the status flags, and 'authtray metrics
--help' for the metrics.
`

func main() {
	if !runsTray(os.Args[1:]) {
		// fyne.io/systray locks the main goroutine to the main thread in
		// its init, because Cocoa's event loop must run there; only the
		// tray runs that loop. Left locked, every blocking call of a CLI
		// command hands the thread off and wakes another: unlocked,
		// `status --check` starts fewer threads and takes about a fifth
		// less time (bench/startup.sh).
		runtime.UnlockOSThread()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], newAppEnv())
	stop()
	os.Exit(code)
}

// runsTray says whether args start the tray, which keeps the main thread.
func runsTray(args []string) bool { return len(args) == 0 || args[0] == "tray" }

func run(ctx context.Context, args []string, env *appEnv) (code int) {
	defer func() {
		// An internal failure is exit 1, never the 2 ("expiring") Go
		// exits with on a panic, nor 0. Scans recover on their own
		// (core/scan); this catches the rest of a command.
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "authtray: internal error (%s); please report it\n", panicText(r))
			code = 1
		}
	}()
	env.Stderr = cleanLines(env.Stderr, env.Secrets)
	if len(args) == 0 {
		return runTray(ctx, env)
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(ctx, args[1:], env)
	}
	switch args[0] {
	case "version", "--version":
		fmt.Fprintln(env.Stdout, "authtray", versionString())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return 0
	}
	fmt.Fprintf(env.Stderr, "authtray: unknown command %q (run 'authtray --help')\n", args[0])
	return 64
}

// command runs one subcommand with the arguments after its name.
type command func(ctx context.Context, args []string, env *appEnv) int

// commands are the subcommands, by name; each lives in its own file.
var commands = map[string]command{
	"status":    runStatus,
	"watch":     runWatch,
	"metrics":   runMetrics,
	"autostart": func(_ context.Context, args []string, env *appEnv) int { return runAutostart(args, env) },
	"tray":      func(ctx context.Context, _ []string, env *appEnv) int { return runTray(ctx, env) },
	"push":      runPush,
	"service":   runService,
}

// panicText names a runtime error, which holds no data read; other panic
// values could, so they are not shown.
func panicText(r any) string {
	if e, ok := r.(runtime.Error); ok {
		return e.Error()
	}
	return "unexpected panic"
}

// version is set at release time with -ldflags "-X main.version=…".
var version = "dev"

// versionString is the stamped version, or for a source build "dev" with
// the commit it was built from: "dev (abc1234, modified)".
func versionString() string {
	if version != "dev" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	return devVersion(bi.Settings)
}

func devVersion(settings []debug.BuildSetting) string {
	var rev string
	modified := false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return version
	}
	if len(rev) > 7 {
		rev = rev[:7]
	}
	if modified {
		rev += ", modified"
	}
	return version + " (" + rev + ")"
}

// verbHelp is for a command that takes a verb (push, service, autostart):
// when args hold none, or ask for help, it prints usage and returns the
// exit code and true; a missing verb is a usage error (64), asked-for
// help is not (0).
func verbHelp(args []string, usage string, env *appEnv) (int, bool) {
	if len(args) > 0 && !isHelp(args[0]) {
		return 0, false
	}
	fmt.Fprint(env.Stdout, usage)
	if len(args) == 0 {
		return 64, true
	}
	return 0, true
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "help" }

// flagsDone ends a command on what parsing its flags returned: asked-for
// help prints usage (exit 0), any other error is a usage error (64); nil
// is not done.
func flagsDone(env *appEnv, cmd, usage string, err error) (int, bool) {
	switch {
	case err == nil:
		return 0, false
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(env.Stdout, usage)
		return 0, true
	}
	return usageError(env, cmd, err), true
}

// usageError prints a command's flag error as one sentence, naming flags
// with two dashes as the help does, and where the help is (exit 64).
func usageError(env *appEnv, cmd string, err error) int {
	msg := err.Error()
	for _, r := range []struct{ from, to string }{
		{"flag provided but not defined: ", "unknown flag "},
		{"flag needs an argument: ", "a value is needed after "},
	} {
		if rest, ok := strings.CutPrefix(msg, r.from); ok {
			msg = r.to + rest
		}
	}
	// A value pasted into the wrong flag can be a token: name the flag,
	// never echo the value.
	msg = flagValue.ReplaceAllString(msg, "invalid value for flag ")
	msg = flagName.ReplaceAllString(msg, "$1--$2")
	fmt.Fprintf(env.Stderr, "authtray %s: %s (run 'authtray %s --help')\n", cmd, msg, cmd)
	return 64
}

// flagValue is package flag's "invalid value "…" for flag ".
var flagValue = lazyregexp.New(`invalid value ".*" for flag `)

// flagName is a flag as package flag writes it in errors: "-warn".
var flagName = lazyregexp.New(`(^|[\s:])-([a-z][a-z-]*)`)

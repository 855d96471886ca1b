package main

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/authtray/authtray/platform/autostart"
)

const autostartUsage = `Usage:
  authtray autostart enable [--systemd]    start authtray at every login
  authtray autostart disable [--systemd]   stop starting it at login
  authtray autostart status                show which mechanisms are enabled

disable turns off every mechanism that is on (with --systemd, only the
systemd user unit).

On Linux the default is an XDG autostart entry in ~/.config/autostart;
--systemd uses a systemd user unit bound to graphical-session.target
instead. On macOS it is a LaunchAgent in ~/Library/LaunchAgents.
authtray only replaces or removes files it wrote itself.
`

// newInstaller builds the autostart installer for this user; tests replace
// it to point at a temp HOME and fake launchctl/systemctl.
var newInstaller = func(env *appEnv) (*autostart.Installer, error) {
	in, err := autostart.Default()
	if err != nil {
		return nil, err
	}
	in.Home, in.Getenv = env.Home, env.Getenv
	// A command typed in a terminal may load the LaunchAgent right away;
	// the tray's own toggle never does (see autostart.Installer.StartNow).
	in.StartNow = true
	return in, nil
}

func runAutostart(args []string, env *appEnv) int {
	fs := flag.NewFlagSet("autostart", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	systemd := fs.Bool("systemd", false, "")
	if code, done := verbHelp(args, autostartUsage, env); done {
		return code
	}
	verb := args[0]
	if err := parseFlags(fs, args[1:]); err != nil {
		return usageError(env, "autostart", err)
	}
	in, err := newInstaller(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "authtray autostart: %v\n", err)
		return 1
	}
	m := in.DefaultMechanism()
	if *systemd {
		if in.Platform == "darwin" {
			fmt.Fprintln(env.Stderr, "authtray autostart: --systemd is for Linux; macOS uses a LaunchAgent.")
			return 64
		}
		m = autostart.Systemd
	}
	switch verb {
	case "status":
		return autostartStatus(in, env)
	case "disable":
		if !*systemd {
			return autostartDisableAll(in, env)
		}
		fallthrough
	case "enable":
		op := in.Enable
		if verb == "disable" {
			op = in.Disable
		}
		r, err := op(m)
		if err != nil {
			fmt.Fprintf(env.Stderr, "authtray autostart %s: %v\n", verb, err)
			return 1
		}
		reportTurned(env, m, verb, r)
		return 0
	}
	fmt.Fprintf(env.Stderr, "authtray autostart: unknown command %q (run 'authtray autostart --help')\n", verb)
	return 64
}

// autostartDisableAll turns off every mechanism that is on (enable
// --systemd leaves the XDG entry off and the unit on, and a disable that
// only looked at the default would leave authtray starting at login), and
// says for each what it did.
func autostartDisableAll(in *autostart.Installer, env *appEnv) int {
	turned, err := in.DisableAll()
	for _, t := range turned {
		reportTurned(env, t.Mechanism, "disable", t.Result)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "authtray autostart disable: %v\n", err)
		return 1
	}
	return 0
}

// reportTurned prints what enable or disable did to m.
func reportTurned(env *appEnv, m autostart.Mechanism, verb string, r autostart.Result) {
	did := verb + "d"
	if !r.Changed {
		did = "already " + did
	}
	out := env.stdout()
	fmt.Fprintf(out, "%s: %s (%s)\n", mechanismName(m), did, r.Path)
	for _, n := range r.Notes {
		fmt.Fprintln(out, n)
	}
}

func autostartStatus(in *autostart.Installer, env *appEnv) int {
	tw := tabwriter.NewWriter(env.stdout(), 0, 4, 2, ' ', 0)
	for _, m := range in.Mechanisms() {
		st, err := in.State(m)
		if err != nil {
			tw.Flush()
			fmt.Fprintf(env.Stderr, "authtray autostart status: %v\n", err)
			return 1
		}
		state := "disabled"
		if st.Enabled {
			state = "enabled"
		}
		note := ""
		if st.Note != "" {
			note = " (" + st.Note + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s%s\n", mechanismName(m), state, st.Path, note)
	}
	tw.Flush()
	return 0
}

func mechanismName(m autostart.Mechanism) string {
	switch m {
	case autostart.Systemd:
		return "systemd user unit"
	case autostart.LaunchAgent:
		return "LaunchAgent"
	}
	return "XDG autostart"
}

package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/authtray/authtray/platform/autostart"
)

const serviceUsage = `Usage:
  authtray service install     run 'authtray watch' as a user service, now
                               and from now on
  authtray service uninstall   stop it and remove it
  authtray service status      say whether it is installed and running

This is for a host where nobody sits at a tray, such as a VPS running the
gateway: the watcher checks the credentials and sends the pushes (see
'authtray push --help'). On Linux it is a systemd user service
(~/.config/systemd/user/authtray-watch.service); on a server, also run
'loginctl enable-linger $USER' so it runs while you are logged out. On
macOS it is a LaunchAgent (~/Library/LaunchAgents/io.github.authtray.watch.plist).

It is separate from 'authtray autostart', which starts the tray at login.
`

func runService(_ context.Context, args []string, env *appEnv) int {
	if code, done := verbHelp(args, serviceUsage, env); done {
		return code
	}
	verb := args[0]
	if verb != "install" && verb != "uninstall" && verb != "status" {
		fmt.Fprintf(env.Stderr, "authtray service: unknown command %q (run 'authtray service --help')\n", env.termText(verb))
		return 64
	}
	if len(args) > 1 {
		fmt.Fprintf(env.Stderr, "authtray service %s: unexpected argument %q (run 'authtray service --help')\n", verb, env.termText(args[1]))
		return 64
	}
	in, err := newInstaller(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "authtray service: %v\n", err)
		return 1
	}
	if verb == "status" {
		return serviceStatus(in, env)
	}
	op := in.InstallService
	if verb == "uninstall" {
		op = in.UninstallService
	}
	r, err := op()
	if err != nil {
		fmt.Fprintf(env.Stderr, "authtray service %s: %v\n", verb, err)
		return 1
	}
	did := verb + "ed"
	if !r.Changed {
		did = "already " + did
	}
	out := env.stdout()
	fmt.Fprintf(out, "watch service: %s (%s)\n", did, r.Path)
	for _, n := range r.Notes {
		fmt.Fprintln(out, n)
	}
	return 0
}

// serviceStatus says in one or two lines whether the service is installed
// and running, and whether linger lets it run without a login.
func serviceStatus(in *autostart.Installer, env *appEnv) int {
	st, err := in.ServiceStatus()
	if err != nil {
		fmt.Fprintf(env.Stderr, "authtray service status: %v\n", err)
		return 1
	}
	var state []string
	switch {
	case !st.Installed:
		state = append(state, "not installed")
	case !st.Ours:
		state = append(state, "installed (a file authtray did not write)")
	default:
		state = append(state, "installed")
	}
	switch {
	case !st.RunningKnown:
		state = append(state, "running unknown (systemctl --user is not usable here)")
	case st.Running:
		state = append(state, "running")
	case st.Installed:
		state = append(state, "not running")
	}
	out := env.stdout()
	fmt.Fprintf(out, "watch service: %s (%s)\n", strings.Join(state, ", "), st.Path)
	switch {
	case st.LingerKnown && st.Linger:
		fmt.Fprintf(out, "Linger is on for %s: the service runs while you are logged out.\n", st.User)
	case st.LingerKnown:
		fmt.Fprintf(out, "Linger is off for %s: the service runs only while you are logged in; on a server, run: loginctl enable-linger %s\n", st.User, st.User)
	}
	return 0
}

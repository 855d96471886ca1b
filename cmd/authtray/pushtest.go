package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/authtray/authtray/core/push"
	"github.com/authtray/authtray/platform/pushsend"
)

const pushUsage = `Usage: authtray push test [NAME]

The tray and 'authtray watch' send each alert (expiring, expired, missing,
renewed) to every push target as well as to the desktop: once per
credential and threshold, and only from one authtray per user.

A target is a URL in shoutrrr's format (ntfy://ntfy.sh/TOPIC,
telegram://TOKEN@telegram?chats=ID, slack://…, discord://…, matrix://…,
gotify://…, pushover://…, generic+https://example.com/hook …), or
openclaw://CHANNEL/TARGET, sent through the gateway's own channels
(openclaw message send --channel CHANNEL --target TARGET). For now targets
are read from AUTHTRAY_PUSH, one URL a line, named env-1, env-2 ….

Commands:
  test [NAME]   send a test message to each target (or the one named) now,
                and say per target "ok" or why not; exit 1 if any failed
`

// runPush is `authtray push`.
func runPush(ctx context.Context, args []string, env *appEnv) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stdout, pushUsage)
		if len(args) == 0 {
			return 64
		}
		return 0
	}
	switch args[0] {
	case "test":
		return runPushTest(ctx, args[1:], env)
	}
	fmt.Fprintf(env.Stderr, "authtray push: unknown command %q (run 'authtray push --help')\n", env.termText(args[0]))
	return 64
}

// runPushTest is `authtray push test [NAME]`.
func runPushTest(ctx context.Context, args []string, env *appEnv) int {
	fl := flag.NewFlagSet("push test", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	if err := fl.Parse(args); err == flag.ErrHelp {
		fmt.Fprint(env.Stdout, pushUsage)
		return 0
	} else if err != nil {
		return usageError(env, "push", err)
	}
	if fl.NArg() > 1 {
		return usageError(env, "push", fmt.Errorf("unexpected argument %q", fl.Arg(1)))
	}
	ts, note := loadPushTargets(ctx, env)
	if note != "" {
		fmt.Fprintf(env.Stderr, "authtray push: %s\n", note)
	}
	if name := fl.Arg(0); name != "" {
		ts = slices.DeleteFunc(ts, func(t pushTarget) bool { return t.Name != name })
		if len(ts) == 0 {
			fmt.Fprintf(env.Stderr, "authtray push: there is no push target named %q\n", env.termText(name))
			return 1
		}
	}
	if len(ts) == 0 {
		fmt.Fprintln(env.Stderr, "authtray push: there are no push targets (set AUTHTRAY_PUSH to one URL a line)")
		return 1
	}
	targets := make([]push.Target, len(ts))
	for i, t := range ts {
		targets[i] = push.Target{Name: t.Name, URL: t.URL}
	}
	sender := maskedPush{&pushsend.Sender{}, env.Secrets}
	code := 0
	out := env.stdout()
	for _, r := range push.Test(ctx, sender, targets, machineName(), env.Now()) {
		fmt.Fprintln(out, env.termText(r.Sentence()))
		if r.Err != nil {
			code = 1
		}
	}
	return code
}

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

const pushTestUsage = `Usage: authtray push test [NAME]

Sends a test message to each push target (or the one named) now, and says
per target "ok" or why not; exit 1 if any failed. Targets are those of
'authtray push list', and AUTHTRAY_PUSH.
`

// runPushTest is `authtray push test [NAME]`.
func runPushTest(ctx context.Context, args []string, env *appEnv) int {
	fl := flag.NewFlagSet("push test", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	if code, done := flagsDone(env, "push", pushTestUsage, fl.Parse(args)); done {
		return code
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
		fmt.Fprintln(env.Stderr, "authtray push: there are no push targets (add one with 'authtray push add NAME', or set AUTHTRAY_PUSH to one URL a line)")
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

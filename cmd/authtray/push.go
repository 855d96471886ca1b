package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/authtray/authtray/platform/paths"
	"github.com/authtray/authtray/platform/pushstore"
)

const pushUsage = `Usage:
  authtray push add NAME      store a push target; its URL is read from
                              standard input, or typed at a hidden prompt
  authtray push list          show every target: name, scheme, host, and
                              where its URL is kept (never the URL)
  authtray push remove NAME   delete a target
  authtray push test [NAME]   send a test message to every target (or one)
                              now, and say per target ok or why not

The tray and 'authtray watch' send each alert (expiring, expired, missing,
renewed) to every target as well as to the desktop: once per credential and
threshold, and from one authtray per user. A target is a URL in shoutrrr's
format (ntfy://ntfy.sh/TOPIC, telegram://TOKEN@telegram?chats=ID, slack://,
discord://, matrix://, gotify://, pushover://, generic+https://host/hook …)
or openclaw://CHANNEL/TARGET, sent through the gateway's own channels
(openclaw message send --channel CHANNEL --target TARGET).

A push URL carries a secret (an ntfy access token, a bot token, a webhook
key), so it is never taken from the command line, where shell history and
ps would keep it. It is kept in the keyring (Secret Service on Linux, the
login Keychain on macOS); on a host with no Secret Service, in a file only
you can read in authtray's config dir (AUTHTRAY_PUSH_STORE=file picks the
file on a server with a keyring nobody can unlock). AUTHTRAY_PUSH (one URL a
line) adds targets named env-1, env-2, … for containers.

Examples:
  authtray push add phone          # then paste the URL at the prompt
  authtray push add phone <phone.url
  pass show ntfy/phone | authtray push add phone
  authtray push list
`

// pushCommands are push's subcommands, by name.
var pushCommands = map[string]command{
	"add":    runPushAdd,
	"list":   runPushList,
	"remove": runPushRemove,
	"test":   runPushTest,
}

// newPushStore is the store in authtray's config dir; tests point the
// config dir elsewhere through XDG_CONFIG_HOME.
var newPushStore = func(env *appEnv) (*pushstore.Store, error) {
	dir, err := paths.ConfigDir()
	if err != nil {
		return nil, fmt.Errorf("find the config dir: %w", err)
	}
	return pushstore.New(dir, env.Getenv), nil
}

// pushStdin is where push add reads the URL from.
var pushStdin = os.Stdin

func runPush(ctx context.Context, args []string, env *appEnv) int {
	if code, done := verbHelp(args, pushUsage, env); done {
		return code
	}
	cmd, ok := pushCommands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "authtray push: unknown command %q (run 'authtray push --help')\n", env.termText(args[0]))
		return 64
	}
	return cmd(ctx, args[1:], env)
}

// argvURL is the hint for a URL given on the command line, which is
// refused: it is not echoed, and it is already in the shell's history.
const argvURL = "authtray push add: a URL is never taken from the command line (shell history and ps keep it); pipe it in: authtray push add NAME <url-file, or run authtray push add NAME and paste it at the prompt"

func runPushAdd(ctx context.Context, args []string, env *appEnv) int {
	for _, a := range args {
		if strings.Contains(a, "://") || (len(args) > 1 && strings.Contains(a, "@")) {
			fmt.Fprintln(env.Stderr, argvURL)
			return 64
		}
	}
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(env.Stdout, pushUsage)
		return 0
	}
	if len(args) != 1 {
		fmt.Fprintln(env.Stderr, "authtray push add: give one NAME, and the URL on standard input (run 'authtray push --help')")
		return 64
	}
	name := args[0]
	if err := pushstore.CheckName(name); err != nil {
		fmt.Fprintf(env.Stderr, "authtray push add: %v\n", err)
		return 64
	}
	u, err := readPushURL(env, name)
	if err != nil {
		return pushFailed(env, "add", err)
	}
	addURLSecrets(env, u)
	st, err := newPushStore(env)
	if err != nil {
		return pushFailed(env, "add", err)
	}
	where, err := st.Add(ctx, name, u)
	if err != nil {
		return pushFailed(env, "add", err)
	}
	fmt.Fprintln(env.stdout(), capitalise(where))
	return 0
}

// maxPushInput bounds what is read from standard input.
const maxPushInput = 8 << 10

// readPushURL reads one URL: typed at a no-echo prompt when standard input
// is a terminal, else the one non-blank line of standard input.
func readPushURL(env *appEnv, name string) (string, error) {
	fd := int(pushStdin.Fd())
	if term.IsTerminal(fd) {
		fmt.Fprintf(env.Stderr, "URL for push target %s (not shown as you type): ", name)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("read the URL: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	b, err := io.ReadAll(io.LimitReader(pushStdin, maxPushInput+1))
	if err != nil {
		return "", fmt.Errorf("read the URL from standard input: %w", err)
	}
	if len(b) > maxPushInput {
		return "", errors.New("standard input is longer than 8 KB; give one URL")
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	switch len(lines) {
	case 0:
		return "", errors.New("no URL on standard input (pipe one in, or run it in a terminal to be prompted)")
	case 1:
		return lines[0], nil
	}
	return "", fmt.Errorf("standard input has %d lines; give one URL", len(lines))
}

// addURLSecrets adds the URL and the parts of it that are tokens to the
// process's secret set, so that no output can show them.
func addURLSecrets(env *appEnv, s string) {
	env.Secrets.Add(s)
	u, err := url.Parse(s)
	if err != nil {
		return
	}
	if u.User != nil {
		env.Secrets.Add(u.User.Username())
		if p, ok := u.User.Password(); ok {
			env.Secrets.Add(p)
		}
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			env.Secrets.Add(v)
		}
	}
	for _, seg := range strings.Split(u.Path, "/") {
		env.Secrets.Add(seg)
	}
}

func runPushList(ctx context.Context, args []string, env *appEnv) int {
	if len(args) > 0 {
		fmt.Fprintln(env.Stderr, "authtray push list: it takes no arguments")
		return 64
	}
	st, err := newPushStore(env)
	if err != nil {
		return pushFailed(env, "list", err)
	}
	ls, note, err := st.List(ctx)
	if err != nil {
		return pushFailed(env, "list", err)
	}
	out := env.stdout()
	if len(ls) == 0 {
		fmt.Fprintln(out, "No push targets. Add one with: authtray push add NAME <url-file")
	} else {
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tSCHEME\tHOST\tKEPT IN")
		for _, l := range ls {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", env.termText(l.Name), env.termText(l.Scheme), env.termText(l.Host), keptIn(l))
		}
		tw.Flush()
	}
	if note != "" {
		fmt.Fprintf(env.Stderr, "authtray push list: %s\n", note)
	}
	return 0
}

func keptIn(l pushstore.Listed) string {
	switch l.Where {
	case pushstore.FileStore:
		return l.Path + " (mode 0600)"
	case pushstore.EnvStore:
		return "the " + pushstore.EnvVar + " environment variable"
	}
	return "the " + pushstore.KeyringName
}

func runPushRemove(ctx context.Context, args []string, env *appEnv) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(env.Stderr, "authtray push remove: give one NAME (see 'authtray push list')")
		return 64
	}
	if strings.Contains(args[0], "://") {
		fmt.Fprintln(env.Stderr, "authtray push remove: give the target's NAME, not its URL (see 'authtray push list')")
		return 64
	}
	st, err := newPushStore(env)
	if err != nil {
		return pushFailed(env, "remove", err)
	}
	if err := st.Remove(ctx, args[0]); err != nil {
		return pushFailed(env, "remove", err)
	}
	fmt.Fprintf(env.stdout(), "Removed push target %s.\n", env.termText(args[0]))
	return 0
}

// pushFailed prints why push VERB failed (exit 1).
func pushFailed(env *appEnv, verb string, err error) int {
	fmt.Fprintf(env.Stderr, "authtray push %s: %v\n", verb, err)
	return 1
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

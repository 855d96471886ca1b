package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/scan"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/core/source"
	"github.com/authtray/authtray/core/sshdest"
)

const statusUsage = `Usage: authtray status [--json] [--check] [--warn DURATION] [--agent ID]
         [--state-dir DIR] [--claude-dir DIR] [--host DEST]... [--all-hosts]

Prints every credential authtray can find: Claude Code's login (one row per
config dir), every OpenClaw/Moltbot/Clawdbot gateway auth profile, and API keys
in the environment or the gateway's .env. No secret is ever printed.

Flags:
  --json            print JSON instead of a table (field names are stable)
  --check           exit 0 when all is fine, 1 when a credential in use is
                    expired, missing or unreadable, 2 when one is expiring:
                    the same codes as 'openclaw models status --check'
  --warn DURATION   warn window: a credential expiring within it is
                    "expiring" (default 24h, or "warn" in settings.toml;
                    Claude Code logins always warn 10 days ahead)
  --agent ID        judge one gateway agent only, as
                    'openclaw models status --check --agent ID' does
  --state-dir DIR   read the gateway state dir DIR (as OPENCLAW_STATE_DIR;
                    one that does not exist is a row, and read as empty, as
                    the gateway does)
  --claude-dir DIR  also read the Claude Code config dir DIR (as
                    CLAUDE_CONFIG_DIR)
  --host DEST       also read a gateway host over ssh (a name from
                    settings.toml, user@host, ssh://user@host:port or an
                    ssh_config alias); repeatable
  --all-hosts       also read every host listed in settings.toml

On a terminal, a row's details wrap at its width; piped or redirected, each
row is one line, however long.

A host that ssh cannot reach (or that answers with something unusable) is
its own row, "unreachable since 14:02: <ssh's reason>", never "missing" or
"expired"; --check exits 1 for it, since nothing there can be confirmed.

Deliberate differences from the gateway: an OAuth profile that holds a
refresh token is "ok" whether its access token has expired (the gateway says
expired, exit 1) or expires within 24 h (the gateway says expiring, exit 2):
it refreshes on next use. --warn (or "warn" in settings.toml) changes the
window for every row; the gateway's own window is fixed at 24 h, the
default, so with another window the two can disagree on "expiring".

Examples:
  authtray status
  authtray status --check --warn 6h || notify-send "renew your Claude token"
  authtray status --json | jq -r '[.profiles[] | select(.judged and .state != "ok") | .fix | select(. != "")] | unique[]'
  authtray status --check --agent work
  authtray status --host me@vps.example.net
  authtray status --state-dir /srv/openclaw --claude-dir ~/.claude-work
  authtray status --check --all-hosts   # this machine and every host in settings.toml
`

type statusOpts struct {
	json, check bool
	scanFlags
}

func parseStatusFlags(args []string) (statusOpts, error) {
	var o statusOpts
	fl := o.flagSet("status")
	fl.BoolVar(&o.json, "json", false, "")
	fl.BoolVar(&o.check, "check", false, "")
	return o, parseFlags(fl, args)
}

func runStatus(ctx context.Context, args []string, env *appEnv) int {
	o, err := parseStatusFlags(args)
	hosts, code, done := o.hostsOrDone(env, "status", statusUsage, err)
	if done {
		return code
	}
	in := o.adjust(env.ScanInput())
	snap := scanHosts(ctx, in, hosts, env)

	if o.json {
		enc := json.NewEncoder(env.stdout())
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // a fix's "&&" stays readable for jq -r
		if err := enc.Encode(env.forJSON(snap)); err != nil {
			fmt.Fprintf(env.Stderr, "authtray status: write: %v\n", err)
			return 1
		}
	} else {
		writeTable(env.stdout(), env.forTable(snap), in.Policy(), env.Home, useColor(env), ttyWidth(env.Stdout))
	}
	if o.check {
		return profile.ExitCode(snap.Status)
	}
	return 0
}

// hostsOrDone finishes the flags of command cmd, parsed with err, as
// status, metrics and watch do: the remote hosts they name, or flagsDone's
// exit code when the run ends here (--help, a bad flag or --host).
func (o scanFlags) hostsOrDone(env *appEnv, cmd, usage string, err error) ([]settings.Host, int, bool) {
	var hosts []settings.Host
	if err == nil {
		hosts, err = o.selectHosts(env.Settings)
	}
	code, done := flagsDone(env, cmd, usage, err)
	return hosts, code, done
}

// selectHosts is the remote hosts a status or watch run reads: those named
// with --host (matched against settings by name or destination, else parsed
// as a destination, which is where one from the command line is checked,
// before any ssh runs) and, with --all-hosts, every configured one. With an
// invalid --host it returns the others and the first problem.
func (o scanFlags) selectHosts(s settings.Settings) ([]settings.Host, error) {
	var out []settings.Host
	var bad error
	seen := map[string]bool{}
	add := func(h settings.Host) {
		if !seen[h.Name] {
			seen[h.Name] = true
			out = append(out, h)
		}
	}
	if o.allHosts {
		for _, h := range s.Hosts {
			add(h)
		}
	}
	for _, d := range o.hosts {
		if i := slices.IndexFunc(s.Hosts, func(c settings.Host) bool { return c.Name == d || c.Destination.String() == d }); i >= 0 {
			add(s.Hosts[i])
			continue
		}
		dest, err := sshdest.Parse(d)
		if err != nil {
			bad = cmp.Or(bad, fmt.Errorf("--host: %w", err))
			continue
		}
		add(settings.Host{Name: d, Destination: dest})
	}
	return out, bad
}

// scanHosts is the snapshot `authtray status` shows: this machine's scan
// with in, plus the rows of hosts.
func scanHosts(ctx context.Context, in scan.Input, hosts []settings.Host, env *appEnv) profile.Snapshot {
	snap := scan.Scan(ctx, in)
	if len(hosts) > 0 {
		addRemote(ctx, &snap, hosts, in, env)
	}
	return snap
}

// addRemote merges the rows of remote hosts into a local snapshot and
// re-derives the verdict.
func addRemote(ctx context.Context, snap *profile.Snapshot, hosts []settings.Host, in scan.Input, env *appEnv) {
	ps, hs := remoteProfiles(ctx, hosts, env)
	snap.Profiles = append(snap.Profiles, ps...)
	snap.Hosts = append(snap.Hosts, hs...)
	source.Arrange(snap.Profiles) // a host's rows come in the order it was read
	snap.Finish(in.Policy())
}

// useColor: colour only on a terminal, and never with NO_COLOR set
// (https://no-color.org) or TERM=dumb.
func useColor(env *appEnv) bool {
	if env.Getenv("NO_COLOR") != "" || env.Getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(env.Stdout)
}

func trimSentence(s string) string { return strings.TrimSuffix(strings.TrimSpace(s), ".") }

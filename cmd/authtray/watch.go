package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/settings"
)

const watchUsage = `Usage: authtray watch --json [--warn DURATION] [--agent ID] [--state-dir DIR]
         [--claude-dir DIR] [--host DEST]... [--all-hosts] [--until-eof]
       authtray watch --metrics-listen ADDR [--json] [flags]

Prints one JSON snapshot per line (NDJSON) now, and again whenever anything
changes: a credential file renewed or removed, a credential crossing into
"expiring" or "expired", the settings file. Each line is exactly what
'authtray status --json' prints (with "schema": 1), on one line; no secret is
ever printed. It watches files and sleeps on one timer: it does not poll.

This is what a laptop's authtray runs on a gateway host over ssh to show
that host's credentials live. Run as a service, it also sends the alerts
to the push targets (AUTHTRAY_PUSH; see 'authtray push --help'), unless
another authtray of the same user sends them already; with --until-eof it
sends none.

Flags:
  --json            required: the output format
  --warn DURATION   warn window (default 24h, or "warn" in settings.toml)
  --agent ID        judge one gateway agent only
  --state-dir DIR   read the gateway state dir DIR (as OPENCLAW_STATE_DIR;
                    one that does not exist is a row, and read as empty)
  --claude-dir DIR  also read the Claude Code config dir DIR (as CLAUDE_CONFIG_DIR)
  --host DEST       also watch a gateway host over ssh (a name from
                    settings.toml, user@host, ssh://user@host:port or an
                    ssh_config alias); repeatable
  --all-hosts       also watch every host listed in settings.toml
  --until-eof       exit when standard input closes (used over ssh, so a
                    dropped session never leaves a watcher behind)
  --metrics-listen ADDR
                    also serve the snapshot as Prometheus metrics on
                    http://ADDR/metrics (the metrics of 'authtray metrics'),
                    and "ok" on /healthz; with it, --json is optional. A
                    bare port or ":9469" listens on 127.0.0.1 only; name
                    another address (0.0.0.0:9469) to be scraped from other
                    machines, behind TLS and authentication
  --metrics-runtime also export the Go runtime's and the process's own
                    metrics (go_*, process_*)

Examples:
  authtray watch --json | jq -c '{status, checkedAt}'
  authtray watch --json --all-hosts | jq -c '.hosts'
  ssh me@vps.example.net -- authtray watch --json --state-dir /srv/openclaw
  authtray watch --json --until-eof </dev/null   # one snapshot, then exit
  authtray watch --metrics-listen 127.0.0.1:9469 --all-hosts
`

type watchOpts struct {
	json, untilEOF bool
	metricsListen  string // "" off; else the address to listen on
	metricsRuntime bool
	scanFlags
}

func parseWatchFlags(args []string) (watchOpts, error) {
	var o watchOpts
	fl := o.flagSet("watch")
	fl.BoolVar(&o.json, "json", false, "")
	fl.BoolVar(&o.untilEOF, "until-eof", false, "")
	fl.StringVar(&o.metricsListen, "metrics-listen", "", "")
	fl.BoolVar(&o.metricsRuntime, "metrics-runtime", false, "")
	if err := parseFlags(fl, args); err != nil {
		return o, err
	}
	if o.metricsListen != "" {
		addr, err := metricsListenAddr(o.metricsListen)
		if err != nil {
			return o, err
		}
		o.metricsListen = addr
	}
	if !o.json && o.metricsListen == "" {
		return o, errors.New("watch prints JSON only: add --json (or serve metrics with --metrics-listen ADDR)")
	}
	return o, nil
}

// hostsLogged is selectHosts for a reload: a --host that named a host
// now gone from settings, and is no destination either, is logged.
func (o watchOpts) hostsLogged(s settings.Settings, logf func(string, ...any)) []settings.Host {
	hs, err := o.selectHosts(s)
	if err != nil {
		logf("%v", err)
	}
	return hs
}

func runWatch(ctx context.Context, args []string, env *appEnv) int {
	o, err := parseWatchFlags(args)
	// The hosts are chosen again at each reload (hostsLogged); this only
	// checks --host before the view starts.
	if _, code, done := o.hostsOrDone(env, "watch", watchUsage, err); done {
		return code
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	log := newLogger(env.Stderr, "authtray watch: ", false)
	view := newLiveView(ctx, env, log, liveOptions{
		Adjust: o.adjust,
		Hosts:  func(s settings.Settings) []settings.Host { return o.hostsLogged(s, log.Logf) },
		// Over ssh (--until-eof) watch serves another machine's view,
		// which alerts for itself: it pushes nothing of its own.
		Push: !o.untilEOF,
	})
	defer view.close()
	snaps := view.loop.Subscribe()
	if o.metricsListen != "" {
		stop, err := serveMetrics(ctx, o.metricsListen, o.metricsRuntime, view.loop.Subscribe(), env, log.Logf)
		if err != nil {
			log.Logf("%v", err)
			return 1
		}
		defer stop()
	}
	view.start(ctx)
	if !o.json {
		snaps = nil // metrics only: nothing to print
	}
	return printSnapshots(ctx, env, snaps, view.failed(), o.untilEOF, o.json)
}

// printSnapshots prints each snapshot that differs from the last as one
// JSON line until ctx ends or the reader goes away (exit 1). With
// untilEOF it also ends when standard input closes: the first snapshot is
// still printed, so a caller that closes stdin at once (`</dev/null`) gets
// one snapshot, then the exit, rather than nothing (unless nothing is
// printed at all: !json).
func printSnapshots(ctx context.Context, env *appEnv, snaps <-chan profile.Snapshot, failed <-chan string, untilEOF, json bool) int {
	var eof chan struct{}
	if untilEOF {
		eof = make(chan struct{})
		go func() {
			_, _ = io.Copy(io.Discard, bufio.NewReader(os.Stdin))
			close(eof)
		}()
	}
	enc := jsonLines(env)
	var last *profile.Snapshot
	ended := false
	for {
		select {
		case <-ctx.Done():
			return 0
		case msg := <-failed:
			fmt.Fprintf(env.Stderr, "authtray: internal error (%s); please report it\n", msg)
			return 1
		case <-eof:
			if last != nil || !json {
				return 0
			}
			ended, eof = true, nil
		case s := <-snaps:
			if last != nil && sameSnapshot(*last, s) {
				continue
			}
			if err := enc.Encode(env.forJSON(s)); err != nil {
				// The reader went away (the ssh session ended).
				return 1
			}
			last = &s
			if ended {
				return 0
			}
		}
	}
}

// jsonLines encodes one compact snapshot per line, a fix's "&&" kept
// readable.
func jsonLines(env *appEnv) *json.Encoder {
	enc := json.NewEncoder(env.stdout())
	enc.SetEscapeHTML(false)
	return enc
}

// sameSnapshot ignores the check time: a re-scan that found nothing new is
// not a change worth a line.
func sameSnapshot(a, b profile.Snapshot) bool {
	a.CheckedAt, b.CheckedAt = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

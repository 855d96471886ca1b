package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/authtray/authtray/core/metrics"
	"github.com/authtray/authtray/core/profile"
)

const metricsUsage = `Usage: authtray metrics [--textfile PATH] [--warn DURATION] [--agent ID]
         [--state-dir DIR] [--claude-dir DIR] [--host DEST]... [--all-hosts]

Prints the current snapshot as Prometheus metrics (the text format): the
same credentials, states and verdict as 'authtray status' with the same
flags. It exits with the code 'authtray status --check' would (0 all fine,
1 expired, missing, unreadable or unreachable, 2 expiring). No secret is
ever printed, and every label value is cleaned of control characters.

Metrics (names and labels are stable: dashboards and alerting rules use them;
each credential has the labels host, source, agent, profile, provider, kind):
  authtray_credential_deadline_timestamp_seconds
                    when the user must act by: a token's expiry, or the end
                    of a login that refreshes itself (never its access
                    token); no sample for a credential without one
  authtray_credential_state
                    1 for the credential's state and 0 for each other one,
                    by the label state (ok, unknown, expiring, unreachable,
                    error, missing, expired)
  authtray_credential_in_use
                    1 when the gateway would select it (what --check judges)
  authtray_status   the --check code of the whole snapshot
  authtray_host_reachable{host}
                    1 when the last read of an ssh host succeeded
  authtray_snapshot_timestamp_seconds
                    when the snapshot was judged
  authtray_build_info{version}

Flags:
  --textfile PATH   write the metrics to PATH instead of printing them, for
                    node_exporter's textfile collector (which reads *.prom
                    files): atomically, a temporary file in the same
                    directory renamed over PATH, readable by all (0644)
  --warn DURATION   warn window (default 24h, or "warn" in settings.toml)
  --agent ID        judge one gateway agent only
  --state-dir DIR   read the gateway state dir DIR (as OPENCLAW_STATE_DIR)
  --claude-dir DIR  also read the Claude Code config dir DIR
  --host DEST       also read a gateway host over ssh; repeatable
  --all-hosts       also read every host listed in settings.toml

To serve the metrics live instead, from the engine that watches the files:
  authtray watch --metrics-listen 127.0.0.1:9469

Examples:
  authtray metrics | promtool check metrics
  authtray metrics --textfile /var/lib/prometheus/node-exporter/authtray.prom
  # crontab: every 5 minutes, this machine and every host in settings.toml
  */5 * * * * authtray metrics --all-hosts --textfile /var/lib/prometheus/node-exporter/authtray.prom
`

type metricsOpts struct {
	scanFlags
	textfile string
}

func parseMetricsFlags(args []string) (metricsOpts, error) {
	var o metricsOpts
	fl := o.flagSet("metrics")
	fl.StringVar(&o.textfile, "textfile", "", "")
	return o, parseFlags(fl, args)
}

func runMetrics(ctx context.Context, args []string, env *appEnv) int {
	o, err := parseMetricsFlags(args)
	hosts, code, done := o.hostsOrDone(env, "metrics", metricsUsage, err)
	if done {
		return code
	}
	snap := scanHosts(ctx, o.adjust(env.ScanInput()), hosts, env)
	c := metrics.New(versionString(), env.Secrets)
	c.Update(snap)
	reg := metrics.Registry(c, false)
	if o.textfile != "" {
		err = writeTextfile(o.textfile, reg)
	} else {
		err = metrics.WriteText(env.stdout(), reg)
	}
	if err != nil {
		// Never 0 or 2: a failure to export confirms nothing.
		fmt.Fprintf(env.Stderr, "authtray metrics: %v\n", err)
		return 1
	}
	return profile.ExitCode(snap.Status)
}

// writeTextfile writes the metrics for node_exporter's textfile collector
// as client_golang's WriteToTextfile did: a temporary file next to path
// (named path plus digits, so the collector's *.prom glob never reads it
// half-written), 0644, renamed over path.
func writeTextfile(path string, g metrics.Gatherer) error {
	err := writeRenamed(path, g)
	// The temporary file's name means nothing to the user.
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

func writeRenamed(path string, g metrics.Gatherer) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := metrics.WriteText(tmp, g); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// metricsListenAddr is where --metrics-listen binds: a bare port or
// ":PORT" is loopback (127.0.0.1); only a host the user names, such as
// 0.0.0.0 or a LAN address, binds elsewhere.
func metricsListenAddr(a string) (string, error) {
	if _, err := strconv.ParseUint(a, 10, 16); err == nil {
		return net.JoinHostPort("127.0.0.1", a), nil
	}
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return "", fmt.Errorf("--metrics-listen %q is not HOST:PORT (e.g. 127.0.0.1:9469)", a)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", fmt.Errorf("--metrics-listen %q: the port is not a number from 0 to 65535", a)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// isLoopback reports whether a listen address's host is loopback only.
func isLoopback(addr string) bool {
	host, _, _ := net.SplitHostPort(addr)
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// serveMetrics serves /metrics and /healthz on addr from the snapshots the
// watch loop publishes: each is kept as it arrives, and a scrape reads the
// last one (no scan per scrape). runtime adds the go_* and process_*
// metrics. It returns once listening (an address in use is an error now,
// not a log line later); stop shuts the server down.
func serveMetrics(ctx context.Context, addr string, runtime bool, snaps <-chan profile.Snapshot, env *appEnv, logf func(string, ...any)) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot serve metrics on %s: %w", addr, err)
	}
	c := metrics.New(versionString(), env.Secrets)
	srv := &http.Server{
		Handler:           metrics.Handler(c, metrics.Registry(c, runtime), !runtime),
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case s := <-snaps:
				c.Update(s)
			}
		}
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logf("metrics server stopped: %v", err)
		}
	}()
	logf("serving metrics on http://%s/metrics", ln.Addr())
	if !isLoopback(addr) {
		logf("%s is reachable from other machines: anyone who can connect sees your credentials' names and expiry times; put it behind TLS and authentication (see the README, \"Monitoring many hosts\")", strings.TrimSpace(addr))
	}
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}, nil
}

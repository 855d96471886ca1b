package parity

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/e2ebin"
)

// Built once per run in TestMain: the gateway takes seconds and hundreds of
// megabytes per call, so no test builds a HOME or asks the gateway itself.
var (
	unavailable string // why the gateway cannot be asked ("" when it can)
	setupErr    error  // a failure building authtray or the scenarios
	authtray    string // the built binary
	built       = map[string]*builtScenario{}
	workDir     string
)

// builtScenario is a finished HOME and the gateway's answers about it.
type builtScenario struct {
	scenario
	home   string
	logDir string
	err    error
	// answers holds `models status --json --check [--agent A]` by agent.
	answers map[string]result
	// checkOnly is plain `models status --check` (default agent).
	checkOnly *result

	done   chan struct{}  // HOME built (or failed)
	copied sync.WaitGroup // children have copied this HOME
}

// TestMain builds authtray and every scenario, and asks the gateway, once.
//
// AUTHTRAY_PARITY_KEEP=1 keeps the HOMEs and the gateway's raw answers;
// AUTHTRAY_PARITY_REUSE=<kept dir> compares against such a run without
// asking the gateway again (for working on authtray: verdicts depend on the
// clock, so only a minutes-old run is a fair reference).
func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if reuse := os.Getenv("AUTHTRAY_PARITY_REUSE"); reuse != "" {
		workDir = reuse
		setupErr = reload()
	} else {
		workDir, err = os.MkdirTemp("", "authtray-parity-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		prepare()
		if err := save(); err != nil && setupErr == nil {
			setupErr = err
		}
	}
	code := m.Run()
	if os.Getenv("AUTHTRAY_PARITY_KEEP") != "" || os.Getenv("AUTHTRAY_PARITY_REUSE") != "" {
		fmt.Fprintf(os.Stderr, "parity: scenario HOMEs and gateway logs kept in %s\n", workDir)
	} else {
		os.RemoveAll(workDir)
	}
	os.Exit(code)
}

// needOracle skips (or, under CI, fails) a test when the gateway is missing,
// and fails it when the setup did.
func needOracle(t *testing.T) {
	t.Helper()
	if unavailable != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: the parity suite must run)", unavailable)
		}
		t.Skip(unavailable)
	}
	if setupErr != nil {
		t.Fatal(setupErr)
	}
}

func prepare() {
	or, err := findOracle()
	if err != nil {
		or, err = installOracle(err)
	}
	if err != nil {
		unavailable = err.Error()
		return
	}
	start := time.Now()
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var err error
		if authtray, err = e2ebin.Build(workDir); err != nil {
			setupErr = err
		}
	}()

	for _, sc := range scenarios {
		built[sc.name] = &builtScenario{scenario: sc, done: make(chan struct{}), answers: map[string]result{}}
	}
	for _, b := range built {
		if b.parent != "" {
			p, ok := built[b.parent]
			if !ok {
				setupErr = fmt.Errorf("scenario %s: unknown parent %s", b.name, b.parent)
				return
			}
			p.copied.Add(1)
		}
	}
	for _, b := range built {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.err = buildOne(ctx, or, b)
			if b.err == nil {
				b.err = askGateway(ctx, or, b)
			}
		}()
	}
	wg.Wait()
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "parity: built %d scenario HOMEs and asked the gateway in %s\n", len(built), time.Since(start).Round(time.Second))
	}
}

// installOracle installs Node 24 and openclaw with the repo's
// .ci/install-gateway.sh when npm is there to fetch them (not when
// AUTHTRAY_OPENCLAW names an install of one's own), then looks again.
func installOracle(missing error) (*oracle, error) {
	if os.Getenv("AUTHTRAY_OPENCLAW") != "" {
		return nil, missing
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return nil, fmt.Errorf("%v; installing it needs npm on PATH (to fetch Node 24 and openclaw with .ci/install-gateway.sh), or AUTHTRAY_OPENCLAW pointing at an installed openclaw.mjs", missing)
	}
	script, err := filepath.Abs(filepath.Join("..", "..", ".ci", "install-gateway.sh"))
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "parity: %v\nparity: installing it with %s (npm, about a minute)\n", missing, script)
	cmd := exec.Command("bash", script)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%v; %s failed: %v", missing, script, err)
	}
	return findOracle()
}

func buildOne(ctx context.Context, or *oracle, b *builtScenario) error {
	defer close(b.done)
	b.home = filepath.Join(workDir, b.name, "home")
	b.logDir = filepath.Join(workDir, b.name)
	if err := os.MkdirAll(b.home, 0o700); err != nil {
		return err
	}
	log, err := os.Create(filepath.Join(b.logDir, "build.log"))
	if err != nil {
		return err
	}
	defer log.Close()
	if b.parent != "" {
		p := built[b.parent]
		<-p.done
		err := p.err
		if err == nil {
			err = copyHome(p.home, b.home)
		}
		p.copied.Done()
		if err != nil {
			return fmt.Errorf("scenario %s: start from %s: %w", b.name, b.parent, err)
		}
	}
	h := &home{ctx: ctx, dir: b.home, or: or, log: log, now: time.Now(), name: b.name, env: b.envFor(b.home)}
	if err := b.build(h); err != nil {
		return fmt.Errorf("scenario %s: build: %w", b.name, err)
	}
	if err := installProgram(b, or); err != nil {
		return fmt.Errorf("scenario %s: install %s: %w", b.name, b.installed, err)
	}
	return nil
}

// installProgram puts the scenario's installed program where authtray
// looks, beside the HOME (children copy the HOME, not this): bin/ on
// authtray's PATH (authtrayEnv). openclaw is the oracle's own package,
// linked as npm links bin/openclaw; an older CLI is an npm-style package
// of its name and version under npm/, linked the same way.
func installProgram(b *builtScenario, or *oracle) error {
	if b.installed == "" {
		return nil
	}
	bin := filepath.Join(b.logDir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	if b.installed == "openclaw" {
		return os.Symlink(or.mjs, filepath.Join(bin, "openclaw"))
	}
	versions := map[string]string{"clawdbot": "2026.1.24", "moltbot": "2026.2.0"}
	pkg := filepath.Join(b.logDir, "npm", "lib", "node_modules", b.installed)
	if err := os.MkdirAll(filepath.Join(pkg, "dist"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(pkg, "package.json"), []byte(`{"name":"`+b.installed+`","version":"`+versions[b.installed]+`","bin":{"`+b.installed+`":"dist/entry.js"}}`), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(pkg, "dist", "entry.js"), []byte("#!/usr/bin/env node\n"), 0o755); err != nil {
		return err
	}
	return os.Symlink(filepath.Join(pkg, "dist", "entry.js"), filepath.Join(bin, b.installed))
}

// authtrayEnv is the scenario's environment for authtray: its env, and
// the installed program's bin dir first on PATH.
func (b *builtScenario) authtrayEnv() []string {
	env := b.envFor(b.home)
	if b.installed != "" {
		env = append(env, "PATH="+filepath.Join(b.logDir, "bin")+":/usr/bin:/bin")
	}
	return env
}

// askGateway records the gateway's verdict once the HOME is built and every
// scenario that starts from it has copied it (a status run writes caches).
func askGateway(ctx context.Context, or *oracle, b *builtScenario) error {
	b.copied.Wait()
	if b.expect != nil {
		// The oracle is not this HOME's judge, and a status run would
		// change it: on a ~/.clawdbot it creates its state database there,
		// after which the dir is the current gateway's.
		return nil
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var errs []string
	ask := func(key string, args ...string) {
		defer wg.Done()
		r, err := or.run(ctx, b.home, "", false, b.envFor(b.home), args...)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs = append(errs, err.Error())
			return
		}
		name := "gateway" + strings.ReplaceAll(key, " ", "-")
		os.WriteFile(filepath.Join(b.logDir, name+".json"), r.stdout, 0o600)
		os.WriteFile(filepath.Join(b.logDir, name+".stderr"), r.stderr, 0o600)
		if key == " check" {
			b.checkOnly = &r
			return
		}
		b.answers[key] = r
	}
	variants := append([]string{""}, b.agents...)
	for _, a := range variants {
		args := []string{"models", "status", "--json", "--check"}
		if a != "" {
			args = append(args, "--agent", a)
		}
		wg.Add(1)
		go ask(a, args...)
	}
	if b.scenario.checkAlone {
		wg.Add(1)
		go ask(" check", "models", "status", "--check")
	}
	wg.Wait()
	if len(errs) > 0 {
		return fmt.Errorf("scenario %s: ask the gateway: %s", b.name, strings.Join(errs, "\n"))
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func replaceAll(s, old, new string) string { return strings.ReplaceAll(s, old, new) }

// saved is what AUTHTRAY_PARITY_REUSE reloads: the gateway's answers and the
// fake secrets (so the leak check still knows what to look for).
type saved struct {
	Secrets   []savedSecret
	Scenarios map[string]savedScenario
}

type savedSecret struct{ Prefix, Value string }

type savedScenario struct {
	Home, LogDir, Err string
	Answers           map[string]savedResult
	CheckOnly         *savedResult
}

type savedResult struct {
	Args           []string
	Stdout, Stderr string
	Code           int
}

func toSaved(r result) savedResult {
	return savedResult{r.args, string(r.stdout), string(r.stderr), r.code}
}

func fromSaved(r savedResult) result {
	return result{args: r.Args, stdout: []byte(r.Stdout), stderr: []byte(r.Stderr), code: r.Code}
}

func save() error {
	if unavailable != "" {
		return nil
	}
	s := saved{Scenarios: map[string]savedScenario{}}
	for _, sec := range secrets.all {
		s.Secrets = append(s.Secrets, savedSecret{sec.prefix, sec.value})
	}
	for name, b := range built {
		ss := savedScenario{Home: b.home, LogDir: b.logDir, Answers: map[string]savedResult{}}
		if b.err != nil {
			ss.Err = b.err.Error()
		}
		for k, r := range b.answers {
			ss.Answers[k] = toSaved(r)
		}
		if b.checkOnly != nil {
			r := toSaved(*b.checkOnly)
			ss.CheckOnly = &r
		}
		s.Scenarios[name] = ss
	}
	data, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(workDir, "answers.json"), data, 0o600)
}

func reload() error {
	data, err := os.ReadFile(filepath.Join(workDir, "answers.json"))
	if err != nil {
		return fmt.Errorf("AUTHTRAY_PARITY_REUSE: %w", err)
	}
	var s saved
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("AUTHTRAY_PARITY_REUSE: %w", err)
	}
	for _, sec := range s.Secrets {
		secrets.all = append(secrets.all, secret{sec.Prefix, sec.Value})
	}
	for _, sc := range scenarios {
		ss, ok := s.Scenarios[sc.name]
		if !ok {
			return fmt.Errorf("AUTHTRAY_PARITY_REUSE: %s has no scenario %s", workDir, sc.name)
		}
		b := &builtScenario{scenario: sc, home: ss.Home, logDir: ss.LogDir, answers: map[string]result{}}
		if ss.Err != "" {
			b.err = errors.New(ss.Err)
		}
		for k, r := range ss.Answers {
			b.answers[k] = fromSaved(r)
		}
		if ss.CheckOnly != nil {
			r := fromSaved(*ss.CheckOnly)
			b.checkOnly = &r
		}
		built[sc.name] = b
	}
	authtray, err = e2ebin.Build(workDir)
	return err
}

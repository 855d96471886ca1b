package pushe2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/authtray/authtray/internal/e2efixture"
	"github.com/authtray/authtray/internal/gatewaycli"
	"github.com/authtray/authtray/internal/need"
)

// gatewayCLI installs, in a bin dir of its own, an `openclaw` that runs the
// real gateway CLI (installed by .ci/install-gateway.sh) and keeps each
// run's argv, output and exit code in the dir it returns. The CLI runs
// with a HOME of its own: the gateway migrates older state dirs it finds,
// and the fixture's must stay as authtray reads them.
func gatewayCLI(t *testing.T) (binDir, runs string) {
	t.Helper()
	node, mjs := gatewaycli.Find()
	if err := gatewaycli.Installed(mjs, node); err != nil {
		need.Missing(t, err.Error())
	}
	binDir, runs = t.TempDir(), t.TempDir()
	ocHome := t.TempDir()
	script := fmt.Sprintf(`#!/bin/sh
n=$(date +%%s%%N)
printf '%%s\0' "$@" > %[1]q/argv.$n
HOME=%[2]q PATH=%[3]q:/usr/bin:/bin OPENCLAW_GATEWAY_PORT=1 %[4]q %[5]q "$@" > %[1]q/out.$n 2>&1
rc=$?
cat %[1]q/out.$n
echo $rc > %[1]q/rc.$n
exit $rc
`, runs, ocHome, filepath.Dir(node), node, mjs)
	if err := os.WriteFile(filepath.Join(binDir, "openclaw"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return binDir, runs
}

// cliRun is one finished run of the gateway CLI.
type cliRun struct {
	argv []string
	out  string
	rc   string
}

func cliRuns(t *testing.T, dir string) []cliRun {
	t.Helper()
	rcs, _ := filepath.Glob(filepath.Join(dir, "rc.*"))
	var out []cliRun
	for _, rc := range rcs {
		n := strings.TrimPrefix(filepath.Base(rc), "rc.")
		argv, _ := os.ReadFile(filepath.Join(dir, "argv."+n))
		o, _ := os.ReadFile(filepath.Join(dir, "out."+n))
		code, _ := os.ReadFile(rc)
		out = append(out, cliRun{strings.Split(strings.TrimSuffix(string(argv), "\x00"), "\x00"), string(o), strings.TrimSpace(string(code))})
	}
	return out
}

// openclaw://CHANNEL/TARGET goes through the real gateway CLI's message
// send; with dry-run=yes it prints what it would send and sends nothing.
func TestOpenclawDryRun(t *testing.T) {
	t.Parallel()
	bin, runs := gatewayCLI(t)
	f := newDBFixture(t, 5*time.Hour)
	path := "PATH=" + bin + ":/usr/bin:/bin"
	w := startWatch(t, f.home, []string{"openclaw://telegram/123456789?dry-run=yes"}, path)
	e2efixture.WaitFor(t, 150*time.Second, "the gateway CLI's run", func() bool { return len(cliRuns(t, runs)) > 0 })
	r := cliRuns(t, runs)[0]
	if r.rc != "0" || !strings.Contains(r.out, "[dry-run] would run send via telegram") {
		t.Errorf("openclaw message send --dry-run: exit %s\n%s", r.rc, r.out)
	}
	want := []string{"message", "send", "--channel=telegram", "--target=123456789"}
	if len(r.argv) != 6 || strings.Join(r.argv[:4], " ") != strings.Join(want, " ") || r.argv[5] != "--dry-run" {
		t.Fatalf("argv %q", r.argv)
	}
	if msg := r.argv[4]; !strings.HasPrefix(msg, "--message=") || !strings.Contains(msg, "profile "+profileID) || !strings.Contains(msg, "state expiring") {
		t.Errorf("message %q lacks the profile or its state", msg)
	}
	f.noLeak(t, "the gateway CLI's argv", strings.Join(r.argv, " "))
	time.Sleep(settle)
	if n := len(cliRuns(t, runs)); n != 1 {
		t.Errorf("%d runs, want 1 (a delivered alert is not sent again)", n)
	}
	if ss := w.snapshots(t); len(ss[len(ss)-1].Notes) != 0 {
		t.Errorf("notes %q after a delivered alert", ss[len(ss)-1].Notes)
	}

	// push test: ok for the channel, the CLI's own sentence for a channel
	// it does not have, exit 1.
	cmd := exec.Command(authtray, "push", "test")
	cmd.Env = e2efixture.Env(f.home, path, "AUTHTRAY_PUSH=openclaw://telegram/123456789?dry-run=yes\nopenclaw://nosuch/987654321987?dry-run=yes")
	out, err := cmd.CombinedOutput()
	wantOut := "push target env-1 (openclaw telegram): ok\n" +
		`push target env-2 (openclaw nosuch) failed: openclaw message send failed (exit 1): Unknown channel "nosuch". Run ` + "`openclaw channels list --all`" + " to see configured and installable channels\n"
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || string(out) != wantOut {
		t.Errorf("push test: %v\n%s\nwant exit 1 and\n%s", err, out, wantOut)
	}
	if strings.Contains(string(out), "987654321987") {
		t.Errorf("push test shows the target's number")
	}
}

// newDBFixture is newFixture for an installed current gateway (openclaw on
// PATH): its store is the state DB (state/openclaw.sqlite, user_version 18,
// as e2e/desktop writes it), which is where that gateway reads it; a JSON
// store in ~/.clawdbot would be one it refuses until migrated.
func newDBFixture(t *testing.T, tokenLeft time.Duration) *fixture {
	t.Helper()
	f := newFixture(t, tokenLeft)
	if err := os.RemoveAll(filepath.Join(f.home, ".clawdbot")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(f.home, ".openclaw", "state"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}}`
	if err := os.WriteFile(filepath.Join(f.home, ".openclaw", "openclaw.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	e2efixture.WriteGatewayDB(t, filepath.Join(f.home, ".openclaw", "state", "openclaw.sqlite"), map[string]any{"version": 1, "profiles": map[string]any{
		profileID: map[string]any{"type": "token", "provider": "anthropic", "token": f.secrets[2], "expires": time.Now().Add(tokenLeft).UnixMilli()},
	}})
	return f
}

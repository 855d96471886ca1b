package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authtray/authtray/internal/gatewaydb"
	"github.com/rogpeppe/go-internal/testscript"
	_ "modernc.org/sqlite"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"authtray": main,
	})
}

// TestScripts runs the real binary on fixture HOMEs and compares its output
// with the golden text in testdata/script/*.txtar. Regenerate the goldens
// after an intended change with testdata/regen.sh.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: os.Getenv("UPDATE_GOLDEN") != "",
		Setup: func(e *testscript.Env) error {
			home := filepath.Join(e.WorkDir, "home")
			e.Setenv("HOME", home)
			e.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			e.Setenv("XDG_STATE_HOME", filepath.Join(home, ".local", "state"))
			e.Setenv("AUTHTRAY_NOW", "2026-11-24T10:00:00Z")
			e.Setenv("TZ", "UTC")
			e.Setenv("USER", "tester")
			// Only the test's own bin dir and the system's: a gateway
			// installed on this machine must not change the goldens
			// (installcli installs one where a script wants it).
			bin, _, _ := strings.Cut(e.Getenv("PATH"), string(os.PathListSeparator))
			e.Setenv("PATH", bin+string(os.PathListSeparator)+"/usr/bin:/bin")
			for _, k := range []string{"NPM_CONFIG_PREFIX", "npm_config_prefix", "CLAWDBOT_STATE_DIR", "MOLTBOT_STATE_DIR", "CLAUDE_CONFIG_DIR", "CLAUDE_SECURESTORAGE_CONFIG_DIR", "CLAUDE_CODE_OAUTH_TOKEN",
				"OPENCLAW_STATE_DIR", "OPENCLAW_HOME", "OPENCLAW_CONFIG_PATH", "ANTHROPIC_API_KEY", "ANTHROPIC_OAUTH_TOKEN", "NO_COLOR"} {
				// Unset, not empty: an empty CLAUDE_SECURESTORAGE_CONFIG_DIR
				// or OPENCLAW_STATE_DIR means something of its own.
				e.Setenv(k, "")
				for i, kv := range e.Vars {
					if strings.HasPrefix(kv, k+"=") {
						e.Vars = append(e.Vars[:i], e.Vars[i+1:]...)
						break
					}
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"gatewaydb":  cmdGatewayDB,
			"agentdb":    cmdAgentDB,
			"noleak":     cmdNoLeak,
			"promcheck":  cmdPromCheck,
			"filemode":   cmdFileMode,
			"installcli": cmdInstallCLI,
		},
	})
}

// gatewaydb STATEDIR STORE.json [STATE.json] writes the current gateway's
// state DB (state/openclaw.sqlite) with the profile store in its
// config_machine_state rows, as the gateway does.
func cmdGatewayDB(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: gatewaydb STATEDIR STORE.json [STATE.json]")
	}
	rows := [][]any{
		{`INSERT INTO config_machine_state VALUES ('auth.sharedStore', '{"location":"state-db"}', 1795500000000)`},
		{`INSERT INTO config_machine_state VALUES ('authProfiles.store', ?, 1795500000000)`, ts.ReadFile(args[1])},
	}
	if len(args) > 2 {
		rows = append(rows, []any{`INSERT INTO config_machine_state VALUES ('authProfiles.state', ?, 1795500000000)`, ts.ReadFile(args[2])})
	}
	ts.Check(gatewaydb.Write(filepath.Join(ts.MkAbs(args[0]), "state", "openclaw.sqlite"), gatewaydb.StateSchema, gatewaydb.StateVersion, rows))
}

// installcli NAME VERSION installs a gateway package the way `npm install
// -g` lays one out under the prefix $WORK/npm (lib/node_modules/NAME with
// its package.json, bin/NAME linked to its entry) and puts $WORK/npm/bin
// first on PATH: authtray finds it without running it.
func cmdInstallCLI(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: installcli NAME VERSION")
	}
	name, version := args[0], args[1]
	pkg := ts.MkAbs(filepath.Join("npm", "lib", "node_modules", name))
	bin := ts.MkAbs(filepath.Join("npm", "bin"))
	ts.Check(os.MkdirAll(pkg, 0o755))
	ts.Check(os.MkdirAll(bin, 0o755))
	ts.Check(os.WriteFile(filepath.Join(pkg, "package.json"), []byte(`{"name":"`+name+`","version":"`+version+`"}`), 0o644))
	ts.Check(os.WriteFile(filepath.Join(pkg, "entry.mjs"), []byte("#!/usr/bin/env node\n"), 0o755))
	ts.Check(os.Symlink(filepath.Join("..", "lib", "node_modules", name, "entry.mjs"), filepath.Join(bin, name)))
	ts.Setenv("PATH", bin+string(os.PathListSeparator)+ts.Getenv("PATH"))
}

// agentdb AGENTDIR STORE.json [STATE.json] writes an agent's
// openclaw-agent.sqlite.
func cmdAgentDB(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: agentdb AGENTDIR STORE.json [STATE.json]")
	}
	rows := [][]any{{`INSERT INTO auth_profile_store VALUES ('primary', ?, 1795500000000)`, ts.ReadFile(args[1])}}
	if len(args) > 2 {
		rows = append(rows, []any{`INSERT INTO auth_profile_state VALUES ('primary', ?, 1795500000000)`, ts.ReadFile(args[2])})
	}
	ts.Check(gatewaydb.Write(filepath.Join(ts.MkAbs(args[0]), "openclaw-agent.sqlite"), gatewaydb.AgentSchema, gatewaydb.AgentVersion, rows))
}

// noleak SECRETS fails if any line of the file SECRETS, or any 8-byte piece
// of one, appears in the last command's stdout or stderr.
func cmdNoLeak(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: noleak SECRETS")
	}
	out := ts.ReadFile("stdout") + ts.ReadFile("stderr")
	for _, secret := range strings.Fields(ts.ReadFile(args[0])) {
		if leak := findLeak(out, secret); leak != "" {
			ts.Fatalf("output contains %q, a piece of a secret", leak)
		}
	}
}

// findLeak returns the first 8-byte window of secret that occurs in out, or
// "". Eight bytes is what the gateway itself shows of a key; authtray shows
// none. Windows inside a well-known prefix (sk-ant-oat01-) are skipped: the
// prefix names a kind of token, not a token.
func findLeak(out, secret string) string {
	const n = 8
	start := 0
	if i := strings.LastIndex(secret, "-"); i >= 0 && i < len(secret)-n {
		start = i + 1
	}
	for i := start; i+n <= len(secret); i++ {
		if w := secret[i : i+n]; strings.Contains(out, w) {
			return w
		}
	}
	return ""
}

// promcheck FILE runs `promtool check metrics` (Debian package prometheus)
// on FILE and fails on any complaint. Without promtool it says so and
// checks nothing, except under CI=true, where .ci installs it.
func cmdPromCheck(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: promcheck FILE")
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			ts.Fatalf("promtool is missing (CI=true: .ci/apt-packages.txt installs prometheus)")
		}
		ts.Logf("promtool is missing (apt-get install prometheus): %s not checked", args[0])
		return
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(ts.ReadFile(args[0]))
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		ts.Fatalf("promtool check metrics %s: %v\n%s", args[0], err, out)
	}
}

// filemode FILE MODE fails unless FILE's permission bits are MODE (octal).
func cmdFileMode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: filemode FILE MODE")
	}
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if got := fmt.Sprintf("%04o", fi.Mode().Perm()); got != args[1] {
		ts.Fatalf("%s has mode %s, want %s", args[0], got, args[1])
	}
}

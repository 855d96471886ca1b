package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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
			for _, k := range []string{"CLAUDE_CONFIG_DIR", "CLAUDE_SECURESTORAGE_CONFIG_DIR", "CLAUDE_CODE_OAUTH_TOKEN",
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
			"gatewaydb": cmdGatewayDB,
			"agentdb":   cmdAgentDB,
			"noleak":    cmdNoLeak,
			"promcheck": cmdPromCheck,
			"filemode":  cmdFileMode,
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
	dir := ts.MkAbs(filepath.Join(args[0], "state"))
	ts.Check(os.MkdirAll(dir, 0o700))
	db := openDB(ts, filepath.Join(dir, "openclaw.sqlite"), 18,
		`CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT`)
	defer db.Close()
	put := func(key, value string) {
		_, err := db.Exec(`INSERT INTO config_machine_state VALUES (?, ?, 1795500000000)`, key, value)
		ts.Check(err)
	}
	put("auth.sharedStore", `{"location":"state-db"}`)
	put("authProfiles.store", ts.ReadFile(args[1]))
	if len(args) > 2 {
		put("authProfiles.state", ts.ReadFile(args[2]))
	}
}

// agentdb AGENTDIR STORE.json [STATE.json] writes an agent's
// openclaw-agent.sqlite.
func cmdAgentDB(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: agentdb AGENTDIR STORE.json [STATE.json]")
	}
	dir := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dir, 0o700))
	db := openDB(ts, filepath.Join(dir, "openclaw-agent.sqlite"), 23,
		`CREATE TABLE auth_profile_store (store_key TEXT NOT NULL PRIMARY KEY, store_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT`,
		`CREATE TABLE auth_profile_state (state_key TEXT NOT NULL PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT`)
	defer db.Close()
	_, err := db.Exec(`INSERT INTO auth_profile_store VALUES ('primary', ?, 1795500000000)`, ts.ReadFile(args[1]))
	ts.Check(err)
	if len(args) > 2 {
		_, err := db.Exec(`INSERT INTO auth_profile_state VALUES ('primary', ?, 1795500000000)`, ts.ReadFile(args[2]))
		ts.Check(err)
	}
}

func openDB(ts *testscript.TestScript, path string, version int, schema ...string) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+path)
	ts.Check(err)
	stmts := append([]string{"PRAGMA journal_mode=WAL", fmt.Sprintf("PRAGMA user_version=%d", version)}, schema...)
	for _, s := range stmts {
		_, err := db.ExecContext(context.Background(), s)
		ts.Check(err)
	}
	return db
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

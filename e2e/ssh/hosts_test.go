package sshe2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
)

// hostRow is the host's own row when it cannot be read.
func hostRow(rows []profile.Profile) (profile.Profile, bool) {
	for _, p := range rows {
		if p.ID == remote.HostRowID && p.Source == "" {
			return p, true
		}
	}
	return profile.Profile{}, false
}

// TestGatewayCheckExit1: the gateway's --check exits 1 with its JSON (an
// empty HOME: the default model's provider has no credential). That is the
// host's verdict, read and shown, not a failure to reach it.
func TestGatewayCheckExit1(t *testing.T) {
	r := newRig(t)
	r.addHost("gw-empty", gatewayHomeWith(t, "gateway-status-empty.json", 1))
	s, code, errOut := r.status(localHome(t), "--check", "--host", "gw-empty")
	if code != 1 {
		t.Errorf("--check exit %d, want the gateway's 1; stderr %s", code, errOut)
	}
	rows := rowsOf(s, "gw-empty")
	if len(rows) != 1 || rows[0].ID != "gateway-check:openai" || rows[0].State != profile.Missing || rows[0].Note != remote.GatewayNote {
		t.Errorf("rows = %+v", rows)
	}
	if len(s.Hosts) != 1 || !s.Hosts[0].Reachable || s.Hosts[0].Via != remote.ViaGateway {
		t.Errorf("hosts = %+v", s.Hosts)
	}
}

// TestAllHostsAndUnreachable: --all-hosts reads every host in settings.toml
// (one with authtray, one with only the gateway CLI, one whose port is
// closed). The closed one is its own "unreachable" row with ssh's one
// sentence, never "missing" or "expired", and --check exits 1 for it.
func TestAllHostsAndUnreachable(t *testing.T) {
	r := newRig(t)
	r.addHost("gw-authtray", installedHome(t))
	r.addHost("gw-cli", gatewayHome(t))
	deadPort := freePort(t)
	home := localHome(t)
	writeFile(t, filepath.Join(home, ".config", "authtray", "settings.toml"), fmt.Sprintf(`
[[host]]
name = "studio"
ssh = "gw-authtray"

[[host]]
name = "vps"
ssh = "gw-cli"

[[host]]
name = "dead"
ssh = "ssh://root@127.0.0.1:%d"
`, deadPort))

	out, errOut, code, took := r.authtray(home, "status", "--json", "--check", "--all-hosts")
	noLeaks(t, "stdout", out)
	noLeaks(t, "stderr", errOut)
	if code != 1 {
		t.Errorf("--check exit %d, want 1 (a host cannot be read); stderr %s", code, errOut)
	}
	if took > 10*time.Second {
		t.Errorf("took %v: a closed port must fail at once", took)
	}
	s := decode(t, out)
	reach := map[string]bool{}
	for _, h := range s.Hosts {
		reach[h.Name] = h.Reachable
	}
	if want := map[string]bool{"studio": true, "vps": true, "dead": false}; fmt.Sprint(reach) != fmt.Sprint(want) {
		t.Errorf("reachability %v, want %v", reach, want)
	}
	if rows := rowsOf(s, "studio"); len(rows) != 1 || rows[0].State != profile.OK {
		t.Errorf("studio rows = %+v", rows)
	}
	if rows := rowsOf(s, "vps"); len(rows) != 4 {
		t.Errorf("vps rows = %+v", rows)
	}
	dead := rowsOf(s, "dead")
	p, ok := hostRow(dead)
	if len(dead) != 1 || !ok || p.State != profile.Unreachable || !p.Judged {
		t.Fatalf("dead rows = %+v", dead)
	}
	want := fmt.Sprintf("port %d: Connection refused", deadPort)
	if !strings.HasPrefix(p.Message, "unreachable since ") || !strings.HasSuffix(p.Message, want) || strings.ContainsAny(p.Message, "\n\r") {
		t.Errorf("message %q: want one sentence, \"unreachable since HH:MM: ssh: … %s\"", p.Message, want)
	}

	// The table says the same, and a host named alone gives the same verdict.
	out, errOut, code, _ = r.authtray(home, "status", "--check", "--host", "dead")
	noLeaks(t, "table", append(out, errOut...))
	if code != 1 || !bytes.Contains(out, []byte("unreachable since ")) || !bytes.Contains(out, []byte("Connection refused")) {
		t.Errorf("--host dead: exit %d\n%s%s", code, out, errOut)
	}
}

// TestWatchNDJSON runs `authtray watch --json --host` as a user would: one
// JSON snapshot per line, a line with the host's rows once its session is
// up, and a new line soon after a credential is renewed on the host (a new
// file renamed over the old one, as Claude Code writes it).
func TestWatchNDJSON(t *testing.T) {
	r := newRig(t)
	remoteHome := installedHome(t)
	r.addHost("gw-live", remoteHome)
	home := localHome(t)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, authtrayBin, "watch", "--json", "--host", "gw-live")
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"), "AUTHTRAY_SSH=" + r.sshCommand()}
	cmd.WaitDelay = 2 * time.Second
	var errb bytes.Buffer
	cmd.Stderr = &errb
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		noLeaks(t, "watch stderr", errb.Bytes())
	})
	lines := make(chan []byte)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines <- append([]byte(nil), sc.Bytes()...)
		}
		close(lines)
	}()

	n := 0
	// next waits for a line for which ok holds, failing after limit.
	next := func(what string, limit time.Duration, ok func(profile.Snapshot) bool) time.Duration {
		t.Helper()
		start := time.Now()
		deadline := time.After(limit)
		for {
			select {
			case l, open := <-lines:
				if !open {
					t.Fatalf("%s: watch ended after %d lines; stderr %s", what, n, errb.String())
				}
				n++
				noLeaks(t, "watch line", l)
				var s profile.Snapshot
				if err := json.Unmarshal(l, &s); err != nil || s.Schema != profile.Schema {
					t.Fatalf("line %d is not a schema-%d snapshot (%v): %s", n, profile.Schema, err, l)
				}
				if ok(s) {
					return time.Since(start)
				}
			case <-deadline:
				t.Fatalf("%s: no such line within %v (%d lines so far); stderr %s", what, limit, n, errb.String())
			}
		}
	}
	remoteState := func(s profile.Snapshot) (profile.State, bool) {
		for _, h := range s.Hosts {
			if h.Name == "gw-live" && h.Reachable && h.Via == remote.ViaWatch {
				for _, p := range rowsOf(s, "gw-live") {
					if p.Source == profile.ClaudeCode {
						return p.State, true
					}
				}
			}
		}
		return "", false
	}
	took := next("a line with the host's rows", 15*time.Second, func(s profile.Snapshot) bool {
		st, ok := remoteState(s)
		return ok && st == profile.OK
	})
	t.Logf("host's rows in the NDJSON after %v", took)

	// Renewed on the host: the login now ends in 5 days, inside Claude
	// Code's 10-day warning.
	creds := filepath.Join(remoteHome, ".claude", ".credentials.json")
	writeFile(t, creds+".tmp", claudeCreds(time.Now().Add(5*24*time.Hour)))
	if err := os.Rename(creds+".tmp", creds); err != nil {
		t.Fatal(err)
	}
	took = next("a new line after the renewal on the host", 3*time.Second, func(s profile.Snapshot) bool {
		st, ok := remoteState(s)
		return ok && st == profile.Expiring && s.Status == profile.Expiring
	})
	t.Logf("renewal on the host reached the local watch --json after %v", took)
}

// TestHostDirOverrides: a host's state_dir and claude_config_dir in
// settings.toml reach the host's authtray as --state-dir/--claude-dir, for
// `status --host` and `--all-hosts` alike; a host whose authtray predates
// those flags says so instead of showing its usage text.
func TestHostDirOverrides(t *testing.T) {
	r := newRig(t)
	h := installedHome(t)
	work := filepath.Join(h, "work-claude")
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(h, ".claude", ".credentials.json"), filepath.Join(work, ".credentials.json")); err != nil {
		t.Fatal(err)
	}
	stateDir := filepath.Join(h, "srv", "openclaw")
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		t.Fatal(err)
	}
	r.addHost("gw-dirs", h)

	old := filepath.Join(t.TempDir(), "remote-old")
	writeFile(t, filepath.Join(old, ".local", "bin", "authtray"), `#!/bin/sh
for a in "$@"; do case $a in --state-dir|--claude-dir)
	echo "flag provided but not defined: -${a#--}" >&2
	echo "Usage: authtray status [--json]" >&2
	echo "  authtray status --host me@vps.example.net" >&2
	exit 64;; esac; done
echo '{"schema":1}'
`)
	if err := os.Chmod(filepath.Join(old, ".local", "bin", "authtray"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.addHost("gw-old", old)

	home := localHome(t)
	writeFile(t, filepath.Join(home, ".config", "authtray", "settings.toml"), fmt.Sprintf(`
[[host]]
name = "work"
ssh = "gw-dirs"
state_dir = %q
claude_config_dir = %q

[[host]]
name = "old"
ssh = "gw-old"
state_dir = "/srv/openclaw"
`, stateDir, work))

	for _, args := range [][]string{{"--host", "work", "--host", "old"}, {"--all-hosts"}} {
		s, _, _ := r.status(home, args...)
		found := false
		for _, p := range rowsOf(s, "work") {
			if p.ID == remote.HostRowID && p.Source == "" {
				t.Fatalf("%v: work is not readable: %s", args, p.Message)
			}
			if p.Source == profile.ClaudeCode && strings.Contains(p.Location, "work-claude") {
				found = true
				if p.State != profile.OK {
					t.Errorf("%v: work-claude row %+v", args, p)
				}
			}
		}
		if !found {
			t.Errorf("%v: no row from the host's claude_config_dir: %+v", args, rowsOf(s, "work"))
		}
		p, ok := hostRow(rowsOf(s, "old"))
		if !ok || p.State != profile.Error || !strings.Contains(p.Message, "the host's authtray is too old") ||
			!strings.Contains(p.Message, "-state-dir") || strings.Contains(p.Message, "me@vps") {
			t.Errorf("%v: old host row %+v", args, p)
		}
	}
}

// TestNewHostKeyNeverAccepted: even where the user's ssh_config says
// StrictHostKeyChecking accept-new, a background read fails on a host whose
// key is not known, and learns no key.
func TestNewHostKeyNeverAccepted(t *testing.T) {
	r := newRig(t)
	r.addHost("gw-newkey", installedHome(t))
	known := filepath.Join(r.dir, "known_hosts_empty")
	writeFile(t, known, "")
	cfg := filepath.Join(r.dir, "ssh_config_accept_new")
	writeFile(t, cfg, strings.Join(r.aliases, "")+fmt.Sprintf(`Host *
  UserKnownHostsFile %s
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking accept-new
  IdentitiesOnly yes
  IdentityAgent none
  LogLevel ERROR
`, known))
	r.cfgPath = cfg
	s, code, errOut := r.status(localHome(t), "--check", "--host", "gw-newkey")
	if code != 1 {
		t.Errorf("--check exit %d, want 1; stderr %s", code, errOut)
	}
	p, ok := hostRow(rowsOf(s, "gw-newkey"))
	if !ok || p.State != profile.Unreachable {
		t.Errorf("host row %+v, want unreachable", p)
	}
	if b, _ := os.ReadFile(known); len(b) != 0 {
		t.Errorf("a new host key was accepted: %s", b)
	}
}

// Package sshe2e checks authtray's remote hosts end to end: a real sshd on
// 127.0.0.1 with throw-away keys, "remote" HOMEs holding credential files,
// the freshly built authtray on one and only a gateway CLI stub on another,
// read through the real ssh client exactly as a user's laptop would.
package sshe2e

import (
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
	"github.com/authtray/authtray/core/safetext/safetexttest"
	"github.com/authtray/authtray/internal/e2ebin"
	"github.com/authtray/authtray/platform/sshx"
)

var (
	authtrayBin string
	buildErr    error // reported by newRig
)

func TestMain(m *testing.M) { e2ebin.Main(m, "ssh", &authtrayBin, &buildErr) }

// Fake tokens: token-shaped so a leak is caught, built at run time, and
// each with a marker that must never appear in any output.
var (
	fakeAccess  = "sk-ant-oat01-" + strings.Repeat("E2EACCESS", 4) + "-leakmark"
	fakeRefresh = "sk-ant-ort01-" + strings.Repeat("E2EREFRSH", 4) + "-leakmark"
)

// leaks are byte strings that must never reach authtray's output: the fake
// tokens, and the gateway's own masked fragments in the CLI fixture.
var leaks = []string{"leakmark", "E2EACCESS", "E2EREFRSH", "sk-ant-", "sk-or-", "KE0001xx", "KE0002yy", "KE0003xx", "KE0005xx", "...", "\x1b"}

func noLeaks(t *testing.T, what string, out []byte) {
	t.Helper()
	for _, l := range leaks {
		if bytes.Contains(out, []byte(l)) {
			t.Errorf("%s contains %q:\n%s", what, l, out)
		}
	}
	// Nor anything a terminal would act on (core/safetext).
	for _, line := range strings.Split(string(out), "\n") {
		if u := safetexttest.Unsafe(line); u != "" {
			t.Errorf("%s: line %q keeps %s", what, line, u)
		}
	}
}

func ms(t time.Time) int64 { return t.UnixMilli() }

// claudeCreds is a Claude Code login whose end is loginEnds.
func claudeCreds(loginEnds time.Time) string {
	return fmt.Sprintf(`{"claudeAiOauth":{"accessToken":%q,"refreshToken":%q,"expiresAt":%d,"refreshTokenExpiresAt":%d,"scopes":["user:inference","user:profile"],"subscriptionType":"max"}}`,
		fakeAccess, fakeRefresh, ms(time.Now().Add(time.Hour)), ms(loginEnds))
}

// installedHome is a remote HOME with authtray in ~/.local/bin (not on
// sshd's PATH: authtray's remote command adds it) and a Claude Code login
// ending in 20 days.
func installedHome(t *testing.T) string {
	h := filepath.Join(t.TempDir(), "remote-installed")
	writeFile(t, filepath.Join(h, ".claude", ".credentials.json"), claudeCreds(time.Now().Add(20*24*time.Hour)))
	bin := filepath.Join(h, ".local", "bin", "authtray")
	copyFile(t, authtrayBin, bin)
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	return h
}

// gatewayHome is a remote HOME with no authtray and only a stub of the
// gateway CLI in ~/.npm-global/bin: it prints what openclaw 2026.9.6 printed
// for `models status --json --check` on a throw-away HOME with fake tokens
// (masked by the gateway to 8+8 characters) and exits 2, as it did.
func gatewayHome(t *testing.T) string {
	return gatewayHomeWith(t, "gateway-status.json", 2)
}

// gatewayHomeWith is gatewayHome with another recorded output of the real
// gateway (core/remote/testdata) and the exit code --check gave with it.
func gatewayHomeWith(t *testing.T, fixture string, exit int) string {
	h := filepath.Join(t.TempDir(), "remote-gateway")
	path, err := filepath.Abs(filepath.Join("..", "..", "core", "remote", "testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(h, ".npm-global", "bin", "openclaw"), fmt.Sprintf(`#!/bin/sh
[ "$*" = "models status --json --check" ] || { echo "stub openclaw: unexpected arguments: $*" >&2; exit 64; }
cat %q
exit %d
`, path, exit))
	if err := os.Chmod(filepath.Join(h, ".npm-global", "bin", "openclaw"), 0o755); err != nil {
		t.Fatal(err)
	}
	return h
}

// localHome is the laptop's HOME: a healthy Claude Code login, so the
// verdict of --check is the remote host's.
func localHome(t *testing.T) string {
	h := filepath.Join(t.TempDir(), "local")
	writeFile(t, filepath.Join(h, ".claude", ".credentials.json"), claudeCreds(time.Now().Add(25*24*time.Hour)))
	return h
}

// authtray runs the built binary as the laptop's user.
func (r *rig) authtray(home string, args ...string) (stdout, stderr []byte, code int, took time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, authtrayBin, args...)
	// An ssh child that outlives authtray must not keep Wait on its pipes.
	cmd.WaitDelay = 2 * time.Second
	cmd.Env = []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"AUTHTRAY_SSH=" + r.sshCommand(), "NO_COLOR=1",
	}
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	start := time.Now()
	err := cmd.Run()
	took = time.Since(start)
	if ctx.Err() != nil {
		r.t.Fatalf("authtray %v did not finish: %v", args, err)
	}
	return o.Bytes(), e.Bytes(), cmd.ProcessState.ExitCode(), took
}

// status runs `authtray status --json ARGS...` as the laptop's user with
// home, checks that neither output leaks, and returns the snapshot, the
// exit code and stderr.
func (r *rig) status(home string, args ...string) (s profile.Snapshot, code int, stderr []byte) {
	r.t.Helper()
	out, errOut, code, _ := r.authtray(home, append([]string{"status", "--json"}, args...)...)
	noLeaks(r.t, "stdout", out)
	noLeaks(r.t, "stderr", errOut)
	if err := json.Unmarshal(out, &s); err != nil {
		r.t.Fatalf("status --json %v: exit %d, %v\n%s\nstderr %s", args, code, err, out, errOut)
	}
	return s, code, errOut
}

func decode(t *testing.T, out []byte) profile.Snapshot {
	t.Helper()
	var s profile.Snapshot
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	return s
}

func rowsOf(s profile.Snapshot, host string) []profile.Profile {
	var out []profile.Profile
	for _, p := range s.Profiles {
		if p.Host == host {
			out = append(out, p)
		}
	}
	return out
}

func TestStatusHostWithAuthtray(t *testing.T) {
	r := newRig(t)
	r.addHost("gw-authtray", installedHome(t))
	home := localHome(t)

	s, code, errOut := r.status(home, "--host", "gw-authtray")
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	rows := rowsOf(s, "gw-authtray")
	if len(rows) != 1 || rows[0].Source != profile.ClaudeCode || rows[0].State != profile.OK || !rows[0].Judged || rows[0].LoginEndsAt == nil {
		t.Fatalf("remote rows = %+v", rows)
	}
	if !strings.Contains(rows[0].Location, "remote-installed/.claude") {
		t.Errorf("location %q is not the remote HOME's", rows[0].Location)
	}
	if len(s.Hosts) != 1 || !s.Hosts[0].Reachable || s.Hosts[0].Via != remote.ViaStatus || s.Hosts[0].Error != "" {
		t.Errorf("hosts = %+v", s.Hosts)
	}

	// The table and --check: the remote login ending in 20 days is fine.
	out, errOut, code, _ := r.authtray(home, "status", "--check", "--host", "gw-authtray")
	noLeaks(t, "table", append(out, errOut...))
	if code != 0 || !bytes.Contains(out, []byte("gw-authtray")) {
		t.Errorf("--check exit %d:\n%s%s", code, out, errOut)
	}
}

func TestStatusHostWithGatewayCLIOnly(t *testing.T) {
	r := newRig(t)
	r.addHost("gw-cli", gatewayHome(t))
	home := localHome(t)

	s, code, errOut := r.status(home, "--check", "--host", "gw-cli")
	// The gateway's own verdict was exit 2 (a selected token expiring).
	if code != 2 {
		t.Errorf("--check exit %d, want the gateway's 2; stderr %s", code, errOut)
	}
	rows := rowsOf(s, "gw-cli")
	states := map[string]profile.State{}
	for _, p := range rows {
		states[p.ID] = p.State
		if p.Note != remote.GatewayNote {
			t.Errorf("%s: note %q, want it to say how the host is read", p.ID, p.Note)
		}
	}
	want := map[string]profile.State{"anthropic:work": profile.Expiring, "anthropic:manual": profile.OK, "anthropic:old": profile.Expired, "openrouter:x": profile.OK}
	for id, st := range want {
		if states[id] != st {
			t.Errorf("%s: state %q, want %q (rows %+v)", id, states[id], st, rows)
		}
	}
	if len(s.Hosts) != 1 || s.Hosts[0].Via != remote.ViaGateway || !s.Hosts[0].Reachable {
		t.Errorf("hosts = %+v", s.Hosts)
	}
}

func TestHostWithoutKeyFailsFast(t *testing.T) {
	r := newRig(t)
	r.addHost("gw", installedHome(t))
	out, errOut, code, took := r.authtray(localHome(t), "status", "--json", "--check", "--host", "gw-nokey")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if took > 5*time.Second {
		t.Errorf("took %v: BatchMode must fail at once instead of prompting", took)
	}
	rows := rowsOf(decode(t, out), "gw-nokey")
	if len(rows) != 1 || rows[0].State != profile.Unreachable || !strings.Contains(rows[0].Message, "Permission denied") {
		t.Errorf("rows = %+v; stderr %s", rows, errOut)
	}
}

// TestWatchSession drives the tray's remote source: a live `authtray watch`
// session over ssh, a credential renewed by rename on the host, sshd killed
// and restarted.
func TestWatchSession(t *testing.T) {
	r := newRig(t)
	remoteHome := installedHome(t)
	srv := r.addHost("gw-live", remoteHome)
	cli := r.addHost("gw-cli", gatewayHome(t))
	_ = cli

	w := r.watch(sshx.WatchConfig{
		Policy:  func() profile.Policy { return profile.Policy{Now: time.Now(), Zone: time.Local} },
		Poll:    time.Hour,
		Backoff: remote.Backoff{Min: 100 * time.Millisecond, Max: 500 * time.Millisecond},
	}, "live", "cli")

	host := func(name string) (profile.Host, []profile.Profile) {
		rows, hosts := w.Snapshot()
		b, _ := json.Marshal(rows)
		noLeaks(t, "watcher rows", b)
		var mine []profile.Profile
		for _, p := range rows {
			if p.Host == name {
				mine = append(mine, p)
			}
		}
		for _, h := range hosts {
			if h.Name == name {
				return h, mine
			}
		}
		t.Fatalf("no host %q in %+v", name, hosts)
		return profile.Host{}, nil
	}
	claudeRow := func(rows []profile.Profile) (profile.Profile, bool) {
		for _, p := range rows {
			if p.Source == profile.ClaudeCode {
				return p, true
			}
		}
		return profile.Profile{}, false
	}
	waitFor := func(what string, limit time.Duration, ok func() bool) time.Duration {
		t.Helper()
		start := time.Now()
		for !ok() {
			if time.Since(start) > limit {
				h, rows := host("live")
				t.Fatalf("%s: not within %v; host %+v rows %+v", what, limit, h, rows)
			}
			select {
			case <-w.Changed():
			case <-time.After(50 * time.Millisecond):
			}
		}
		return time.Since(start)
	}

	waitFor("first snapshot over ssh", 15*time.Second, func() bool {
		h, rows := host("live")
		p, ok := claudeRow(rows)
		return h.Reachable && h.Via == remote.ViaWatch && ok && p.State == profile.OK
	})
	waitFor("the gateway-only host read through its CLI", 15*time.Second, func() bool {
		h, rows := host("cli")
		return h.Reachable && h.Via == remote.ViaGateway && len(rows) == 4
	})

	// Renew on the host the way Claude Code writes: a new file renamed over
	// the old one. The login now ends in 5 days: inside Claude Code's
	// 10-day warning, so "expiring".
	creds := filepath.Join(remoteHome, ".claude", ".credentials.json")
	writeFile(t, creds+".tmp", claudeCreds(time.Now().Add(5*24*time.Hour)))
	if err := os.Rename(creds+".tmp", creds); err != nil {
		t.Fatal(err)
	}
	took := waitFor("renewal seen through watch", 2*time.Second, func() bool {
		_, rows := host("live")
		p, ok := claudeRow(rows)
		return ok && p.State == profile.Expiring
	})
	t.Logf("renewal on the host shown after %v", took)

	// sshd dies with the session: the host becomes unreachable, its last
	// rows stay (unjudged), and the host's watcher process exits.
	srv.kill()
	took = waitFor("unreachable after sshd is killed", 12*time.Second, func() bool {
		h, rows := host("live")
		last := rows[len(rows)-1]
		return !h.Reachable && last.State == profile.Unreachable && last.Judged && strings.HasPrefix(last.Message, "unreachable since ")
	})
	t.Logf("unreachable after %v", took)
	if _, rows := host("live"); profile.Worst(rows) != profile.Unreachable || profile.ExitCode(profile.Worst(rows)) != 1 {
		t.Errorf("verdict of an unreachable host: %s", profile.Worst(rows))
	}
	waitFor("the host's authtray watch exits with its session", 5*time.Second, func() bool {
		return !running(filepath.Join(remoteHome, ".local", "bin", "authtray"))
	})

	srv.start()
	took = waitFor("recovery when sshd returns", 10*time.Second, func() bool {
		h, rows := host("live")
		p, ok := claudeRow(rows)
		return h.Reachable && ok && p.Judged && p.State == profile.Expiring && len(rows) == 1
	})
	t.Logf("recovered after %v", took)
}

// running reports whether any process runs the executable at path.
func running(path string) bool {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == path {
			return true
		}
	}
	return false
}

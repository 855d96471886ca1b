package sshx

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/sshdest"
)

var (
	now    = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	clock  = func() time.Time { return now }
	policy = profile.Policy{Now: now, Zone: time.UTC}
	target = Target{Remote: remote.Remote{Name: "vps", Destination: sshdest.MustParse("me@vps.example.net")}}
)

// fakeSSH writes a stand-in for ssh: it looks at the remote command (its
// last argument) and runs the shell snippet given for it. A snippet that is
// empty means "command not found" (exit 127), as the remote scripts do.
func fakeSSH(t *testing.T, status, gateway, claude string) Command {
	return fakeSSHWatch(t, "", status, gateway, claude)
}

// fakeSSHWatch is fakeSSH that also answers `authtray watch`.
func fakeSSHWatch(t *testing.T, watch, status, gateway, claude string) Command {
	t.Helper()
	or127 := func(s string) string {
		if s == "" {
			return "exit 127"
		}
		return s
	}
	script := "#!/bin/sh\nfor a; do cmd=\"$a\"; done\ncase \"$cmd\" in\n" +
		"*\"authtray watch\"*) " + or127(watch) + ";;\n" +
		"*\"authtray status\"*) " + or127(status) + ";;\n" +
		"*\"models status --json --check\"*) " + or127(gateway) + ";;\n" +
		"*\"claude auth status\"*) " + or127(claude) + ";;\n" +
		"esac\necho \"fake ssh: unexpected command: $cmd\" >&2\nexit 99\n"
	p := filepath.Join(t.TempDir(), "ssh")
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return Command{p}
}

func gatewayFixture(t *testing.T, name string) string {
	p, err := filepath.Abs(filepath.Join("..", "..", "core", "remote", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return "cat " + remote.Quote(p)
}

// TestReadOnceExitCodes: the gateway's --check exit code (1 expired or
// missing, 2 expiring) is its verdict and gives rows; only ssh's own 255 is
// a failure to reach the host.
func TestReadOnceExitCodes(t *testing.T) {
	claudeOut := `echo '{"loggedIn":false,"authMethod":"none"}'; exit 1`
	tests := []struct {
		name                    string
		status, gateway, claude string
		wantVia                 string
		wantWorst               profile.State
		wantReachable           bool
		wantMsg                 string // in the last row's message
	}{
		{name: "gateway exit 2", gateway: gatewayFixture(t, "gateway-status.json") + "; exit 2",
			wantVia: remote.ViaGateway, wantWorst: profile.Expiring, wantReachable: true},
		{name: "gateway exit 1", gateway: gatewayFixture(t, "gateway-status-empty.json") + "; exit 1",
			wantVia: remote.ViaGateway, wantWorst: profile.Missing, wantReachable: true},
		{name: "gateway exit 1 and claude signed out", gateway: gatewayFixture(t, "gateway-status-empty.json") + "; exit 1", claude: claudeOut,
			wantVia: remote.ViaGateway, wantWorst: profile.Missing, wantReachable: true},
		{name: "gateway exit 1 without JSON", gateway: `echo "Error: config invalid" >&2; exit 1`,
			wantWorst: profile.Error, wantMsg: "exited with status 1 and printed no JSON"},
		{name: "ssh fails", status: `echo "ssh: connect to host vps.example.net port 22: Connection refused" >&2; exit 255`,
			wantWorst: profile.Unreachable, wantMsg: "unreachable since 10:00: ssh: connect to host vps.example.net port 22: Connection refused"},
		{name: "ssh fails on the gateway read", gateway: `echo "Connection closed by 10.0.0.1 port 22" >&2; exit 255`,
			wantWorst: profile.Unreachable, wantMsg: "Connection closed"},
		{name: "nothing installed",
			wantWorst: profile.Error, wantMsg: "neither authtray, the gateway CLI"},
		{name: "authtray prints garbage", status: `echo hello; exit 0`,
			wantWorst: profile.Error, wantMsg: "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fakeSSH(t, tt.status, tt.gateway, tt.claude)
			rows, hosts := c.ReadAll(context.Background(), []Target{target}, clock, policy)
			if len(hosts) != 1 {
				t.Fatalf("hosts = %+v", hosts)
			}
			h := hosts[0]
			if h.Reachable != tt.wantReachable || (tt.wantVia != "" && h.Via != tt.wantVia) {
				t.Errorf("host = %+v", h)
			}
			if got := profile.Worst(rows); got != tt.wantWorst {
				t.Errorf("worst %s, want %s; rows %+v", got, tt.wantWorst, rows)
			}
			if tt.wantMsg != "" && (len(rows) == 0 || !strings.Contains(rows[len(rows)-1].Message, tt.wantMsg)) {
				t.Errorf("last row does not say %q: %+v", tt.wantMsg, rows)
			}
			for _, p := range rows {
				if p.Host != "vps" {
					t.Errorf("row without its host: %+v", p)
				}
			}
		})
	}
}

// TestReadOnceDeadline: a host that never answers is cut off by the
// caller's deadline with one sentence, and the ssh process is not waited on
// past it.
func TestReadOnceDeadline(t *testing.T) {
	c := fakeSSH(t, "exec sleep 30", "", "")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	rows, hosts := c.ReadAll(ctx, []Target{target}, clock, policy)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
	if hosts[0].Reachable || len(rows) != 1 || rows[0].State != profile.Unreachable || !strings.Contains(rows[0].Message, "unreachable since 10:00: no answer from the host within 45s") {
		t.Errorf("rows %+v hosts %+v", rows, hosts)
	}
}

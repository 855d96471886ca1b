package sshe2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/core/sshdest"
	"github.com/authtray/authtray/platform/sshx"
	"github.com/authtray/authtray/tray"
)

// TestReauthHomeDir runs a remote sign-in's command through the real ssh
// and sshd: a claude_config_dir of "~/…" reaches the program as the host's
// $HOME joined with the rest (the session's HOME here is not the login's
// working directory, so a relative dir would be wrong), and the rest of the
// dir is one word that no shell runs.
func TestReauthHomeDir(t *testing.T) {
	r := newRig(t)
	home := t.TempDir()
	r.addHost("gw-home", home)
	dir := `~/work claude $(touch "$HOME"/pwned)`
	a := tray.Action{Kind: tray.Reauth, Remote: sshdest.MustParse("gw-home"), Env: []string{tray.ClaudeDirVar + "=" + dir},
		Args: []string{"sh", "-c", `printf %s "$` + tray.ClaudeDirVar + `" > "$HOME/seen"`}}
	r.runAction(t, a)
	b, err := os.ReadFile(filepath.Join(home, "seen"))
	if err != nil {
		t.Fatal(err)
	}
	if want := home + `/work claude $(touch "$HOME"/pwned)`; string(b) != want {
		t.Errorf("%s on the host = %q, want %q", tray.ClaudeDirVar, b, want)
	}
	if m, _ := filepath.Glob(filepath.Join(home, "pwned")); len(m) > 0 {
		t.Error("the dir was run by a shell")
	}
}

// recorderHome is a remote HOME without authtray: a stub openclaw in
// ~/.npm-global/bin (not on sshd's PATH) that answers `models status
// --json --check` with the recorded gateway output and records any other
// call, and a stub claude in ~/.local/bin, signed out for `auth status`,
// recording any other call. A record is
// the program, its arguments one a line, OPENCLAW_STATE_DIR and whether
// CLAUDE_CODE_OAUTH_TOKEN was set.
func recorderHome(t *testing.T) string {
	h := filepath.Join(t.TempDir(), "remote-recorder")
	fixture, err := filepath.Abs(filepath.Join("..", "..", "core", "remote", "testdata", "gateway-status.json"))
	if err != nil {
		t.Fatal(err)
	}
	record := `{ basename "$0"; for a in "$@"; do printf 'arg:%s\n' "$a"; done
printf 'state:%s\ntoken:%s\n' "${OPENCLAW_STATE_DIR-unset}" "${CLAUDE_CODE_OAUTH_TOKEN+set}"; } >>"$HOME/calls"
`
	writeFile(t, filepath.Join(h, ".npm-global", "bin", "openclaw"), `#!/bin/sh
if [ "$*" = "models status --json --check" ]; then cat '`+fixture+`'; exit 2; fi
`+record)
	writeFile(t, filepath.Join(h, ".local", "bin", "claude"), `#!/bin/sh
if [ "$*" = "auth status" ]; then echo '{"loggedIn":false,"authMethod":"none"}'; exit 1; fi
`+record)
	for _, p := range []string{".npm-global/bin/openclaw", ".local/bin/claude"} {
		if err := os.Chmod(filepath.Join(h, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// TestReauthRemoteGateway runs a remote gateway row's Re-authenticate, as
// the tray builds it, through the real ssh and sshd: claude setup-token,
// then paste-token into the same profile for a year, for the agent the
// gateway answered for, with the host's state_dir, on the CLI found on
// the host's per-user PATH; CLAUDE_CODE_OAUTH_TOKEN unset. Both for a
// host read via `openclaw models status` and for a row a host's authtray
// sent with its own fixArgs.
func TestReauthRemoteGateway(t *testing.T) {
	r := newRig(t)
	home := recorderHome(t)
	r.addHost("gw-rec", home)
	const stateDir = "/srv/gw state"
	target := sshx.TargetOf(settings.Host{Name: "vps", Destination: sshdest.MustParse("gw-rec"), StateDir: stateDir})
	pol := profile.Policy{Now: time.Now(), Zone: time.UTC}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rows, hosts := r.ssh().ReadAll(ctx, []sshx.Target{target}, time.Now, pol)

	// The same row as a host's authtray would send it, with its fixArgs.
	var sent profile.Profile
	profile.SetTokenChainFix(&sent, []string{"OPENCLAW_STATE_DIR=/opt/gw"}, []string{"openclaw", "models", "auth", "paste-token",
		"--provider", "anthropic", "--profile-id", "anthropic:manual", "--expires-in", "365d", "--agent", "work"})
	line, _ := json.Marshal(map[string]any{"schema": profile.Schema, "checkedAt": time.Now().UTC(), "profiles": []map[string]any{{
		"id": "anthropic:manual", "provider": "anthropic", "kind": "token", "source": "gateway", "agent": "work", "state": "expired",
		"judged": true, "fix": sent.Fix, "fixArgs": sent.FixArgs, "fixEnv": sent.FixEnv}}})
	parsed, err := remote.ParseSnapshot(line, remote.Remote{Name: "vps", Destination: sshdest.MustParse("gw-rec")})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, id string
		rows     []profile.Profile
		want     string
	}{
		{"read via openclaw models status", "anthropic:work", rows,
			"claude\narg:setup-token\nstate:" + stateDir + "\ntoken:\nopenclaw\narg:models\narg:auth\narg:paste-token\narg:--provider\narg:anthropic\n" +
				"arg:--profile-id\narg:anthropic:work\narg:--expires-in\narg:365d\narg:--agent\narg:main\nstate:" + stateDir + "\ntoken:\n"},
		{"sent by the host's authtray", "anthropic:manual", parsed.Profiles,
			"claude\narg:setup-token\nstate:/opt/gw\ntoken:\nopenclaw\narg:models\narg:auth\narg:paste-token\narg:--provider\narg:anthropic\n" +
				"arg:--profile-id\narg:anthropic:manual\narg:--expires-in\narg:365d\narg:--agent\narg:work\nstate:/opt/gw\ntoken:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_ = os.Remove(filepath.Join(home, "calls"))
			var row *profile.Profile
			for i, p := range tt.rows {
				if p.ID == tt.id {
					row = &tt.rows[i]
				}
			}
			if row == nil {
				t.Fatalf("no row %s in %+v", tt.id, tt.rows)
			}
			row.State, row.Judged = profile.Expired, true
			s := profile.Snapshot{Profiles: []profile.Profile{*row}, Hosts: hosts}
			s.Finish(pol)
			var a *tray.Action
			var walk func(items []tray.Item)
			walk = func(items []tray.Item) {
				for _, it := range items {
					if it.Label == tray.LabelRowReauth && it.Action.Kind == tray.Reauth {
						a = &it.Action
					}
					walk(it.Children)
				}
			}
			walk(tray.Build(s, tray.Options{Zone: time.UTC}).Items)
			if a == nil || a.Remote.String() != "gw-rec" {
				t.Fatalf("no remote re-auth for %s: %+v", tt.id, a)
			}
			r.runAction(t, *a)
			b, err := os.ReadFile(filepath.Join(home, "calls"))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("on the host:\n%s\nwant:\n%s", b, tt.want)
			}
		})
	}
}

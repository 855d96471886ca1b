package sshe2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/settings"
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
	a := tray.Action{Kind: tray.Reauth, Remote: "gw-home", Env: []string{tray.ClaudeDirVar + "=" + dir},
		Args: []string{"sh", "-c", `printf %s "$` + tray.ClaudeDirVar + `" > "$HOME/seen"`}}
	cmd, err := sshx.CommandFrom(func(string) string { return "" }, settings.Settings{SSHCommand: r.sshCommand()})
	if err != nil {
		t.Fatal(err)
	}
	argv, err := cmd.Interactive(a.Remote, a.Argv()...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, argv[0], argv[1:]...)
	c.Stdin = strings.NewReader("")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("%q: %v\n%s", argv, err, out)
	}
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

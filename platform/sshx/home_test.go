package sshx

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/sshdest"
)

// TestInteractiveHome: a "~/…" config dir means the host's home. The
// command goes through sh -c so that $HOME is expanded by a POSIX shell and
// the rest of the dir stays one quoted word.
func TestInteractiveHome(t *testing.T) {
	c := Command{"ssh", "-F", "/my dir/config"}
	tests := []struct {
		words []string
		want  []string // after "-t", "--", "me@vps"
	}{
		{[]string{"env", "CLAUDE_CONFIG_DIR=~/work-claude", "claude", "auth", "login"},
			onHost(`exec env CLAUDE_CONFIG_DIR="$HOME"/work-claude claude auth login`)},
		{[]string{"env", "CLAUDE_CONFIG_DIR=~/my dir/it's", "claude", "auth", "login"},
			onHost(`exec env CLAUDE_CONFIG_DIR="$HOME"/'my dir/it'\''s' claude auth login`)},
		{[]string{"env", "CLAUDE_CONFIG_DIR=~", "claude", "auth", "login"},
			onHost(`exec env CLAUDE_CONFIG_DIR="$HOME" claude auth login`)},
		// No home dir: each word quoted as it is.
		{[]string{"env", "CLAUDE_CONFIG_DIR=/srv/~/x", "claude"}, onHost(`exec env 'CLAUDE_CONFIG_DIR=/srv/~/x' claude`)},
		{[]string{"claude", "a-b=~/x", "~user/x"}, onHost(`exec claude 'a-b=~/x' '~user/x'`)},
	}
	for _, tt := range tests {
		got, err := c.Interactive(sshdest.MustParse("me@vps"), tt.words...)
		want := append([]string{"ssh", "-F", "/my dir/config", "-t", "--", "me@vps"}, tt.want...)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Interactive(%q)\n got %q, %v\nwant %q", tt.words, got, err, want)
		}
	}
}

// TestInteractiveHomeRuns hands the remote line to a real shell, as sshd
// does with the login shell: the program sees the host's $HOME joined with
// the dir (not the working directory), and nothing in the dir is run.
func TestInteractiveHomeRuns(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	home := t.TempDir()
	out := filepath.Join(home, "out")
	got, err := Command{"ssh"}.Interactive(sshdest.MustParse("vps"), "env", `CLAUDE_CONFIG_DIR=~/w $(touch pwned) 'q' \`,
		"sh", "-c", `printf %s "$CLAUDE_CONFIG_DIR" > "$0"`, out)
	if err != nil {
		t.Fatal(err)
	}
	sh := exec.Command("sh", "-c", strings.Join(got[4:], " "))
	sh.Dir = t.TempDir()
	sh.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	if b, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := home + `/w $(touch pwned) 'q' \`; string(b) != want {
		t.Errorf("CLAUDE_CONFIG_DIR = %q, want %q", b, want)
	}
	for _, d := range []string{home, sh.Dir} {
		if _, err := os.Stat(filepath.Join(d, "pwned")); err == nil {
			t.Error("the dir was run by the shell")
		}
	}
}

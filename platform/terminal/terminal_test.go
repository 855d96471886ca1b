package terminal

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCleanEnv(t *testing.T) {
	in := []string{"HOME=/h", TokenEnv + "=sk-ant-oat01-" + strings.Repeat("x", 24), "PATH=/bin", "CLAUDE_CODE_OAUTH_TOKENX=keep"}
	got := cleanEnv(in)
	want := []string{"HOME=/h", "PATH=/bin", "CLAUDE_CODE_OAUTH_TOKENX=keep"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cleanEnv = %q, want %q", got, want)
	}
}

// TestHeld runs the hold wrapper for real: arguments with shell
// metacharacters reach the program untouched, the token variable is gone,
// and it waits for Enter.
func TestHeld(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	args := []string{"sh", "-c", `printf '%s\n' "$@" "${` + TokenEnv + `:-unset}" > "$0"`, out, "a b", "$(touch " + dir + "/pwned)", "'q'"}
	argv := held(args)
	c := exec.Command(argv[0], argv[1:]...)
	c.Env = append(os.Environ(), TokenEnv+"=leak")
	c.Stdin = strings.NewReader("\n")
	var stdout strings.Builder
	c.Stdout = &stdout
	if err := c.Run(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "a b\n$(touch " + dir + "/pwned)\n'q'\nunset\n"
	if string(b) != want {
		t.Errorf("child saw %q, want %q", b, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Error("an argument was interpreted by the shell")
	}
	if !strings.Contains(stdout.String(), "Press Enter to close") {
		t.Errorf("no close prompt in %q", stdout.String())
	}
}

func TestRunReportsEarlyFailure(t *testing.T) {
	err := run(context.Background(), []string{"sh", "-c", "echo 'cannot open display: :99' >&2; exit 1"}, os.Environ())
	if err == nil || !strings.Contains(err.Error(), "cannot open display: :99") {
		t.Fatalf("err = %v, want the terminal's own complaint", err)
	}
	if err := run(context.Background(), []string{"sh", "-c", "exit 0"}, os.Environ()); err != nil {
		t.Fatalf("clean exit: %v", err)
	}
	start := time.Now()
	if err := run(context.Background(), []string{"sleep", "5"}, os.Environ()); err != nil {
		t.Fatalf("long-running terminal: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("run waited %v for a window that stays open", d)
	}
}

func TestLookPath(t *testing.T) {
	home := t.TempDir()
	bin := filepath.Join(home, ".local", "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "claude"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	notOnPath := func(string) (string, error) { return "", exec.ErrNotFound }
	h := func() (string, error) { return home, nil }
	got, err := lookPath("claude", notOnPath, h, isExec)
	if err != nil || got != filepath.Join(bin, "claude") {
		t.Errorf("lookPath(claude) = %q, %v", got, err)
	}
	if _, err := lookPath("openclaw-none", notOnPath, h, isExec); !errors.Is(err, exec.ErrNotFound) {
		t.Errorf("missing program: err = %v", err)
	}
	onPath := func(n string) (string, error) { return "/usr/bin/" + n, nil }
	if got, _ := lookPath("claude", onPath, h, isExec); got != "/usr/bin/claude" {
		t.Errorf("PATH should win, got %q", got)
	}
}

func TestProgramName(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"claude", "setup-token"}, "claude"},
		{[]string{"/home/u/.local/bin/claude", "auth", "login"}, "claude"},
		{[]string{"env", "-u", "CLAUDE_CONFIG_DIR", "-u", "CLAUDE_SECURESTORAGE_CONFIG_DIR", "/opt/bin/claude", "auth", "login"}, "claude"},
		{[]string{"env", "-u", "CLAUDE_CONFIG_DIR", "CLAUDE_CONFIG_DIR=/h/u/work", "claude", "auth", "login"}, "claude"},
		{[]string{"/usr/bin/env", "-i", "--unset=X", "-uY", "A=b=c", "--", "openclaw", "models"}, "openclaw"},
		{[]string{"env", "-C", "/tmp", "claude"}, "claude"},
		{[]string{"env", "-S", "claude setup-token"}, "claude"},
		{[]string{"ssh", "-t", "--", "vps", "env", "CLAUDE_CONFIG_DIR=/srv", "claude"}, "ssh"},
		{[]string{"env", "A=b"}, "env"},
	}
	for _, tt := range tests {
		if got := programName(tt.args); got != tt.want {
			t.Errorf("programName(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

// TestHeldNamesProgram: a failing command run through env(1) is reported
// under its own name, not env's, and its arguments still reach it untouched.
func TestHeldNamesProgram(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	if _, err := exec.LookPath("env"); err != nil {
		t.Skip("no env")
	}
	dir := t.TempDir()
	prog := filepath.Join(dir, "claude")
	out := filepath.Join(dir, "out")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" \"$CLAUDE_CONFIG_DIR\" > " + quoteSh(out) + "\nexit 3\n"
	if err := os.WriteFile(prog, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	argv := held([]string{"env", "-u", "CLAUDE_CONFIG_DIR", "CLAUDE_CONFIG_DIR=" + dir + "/$(x) w", prog, "auth", "a;b"})
	c := exec.Command(argv[0], argv[1:]...)
	c.Env = append(os.Environ(), "CLAUDE_CONFIG_DIR=/tray/own")
	c.Stdin = strings.NewReader("\n")
	var stdout strings.Builder
	c.Stdout = &stdout
	if err := c.Run(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "(claude exited with status 3)") {
		t.Errorf("output %q does not name claude", stdout.String())
	}
	if strings.Contains(stdout.String(), "env exited") {
		t.Errorf("output %q names env", stdout.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "auth\na;b\n" + dir + "/$(x) w\n"; string(b) != want {
		t.Errorf("claude saw %q, want %q", b, want)
	}
}

func quoteSh(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

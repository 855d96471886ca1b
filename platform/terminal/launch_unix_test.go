//go:build unix && !darwin

package terminal

import (
	"errors"
	"os/exec"
	"reflect"
	"slices"
	"testing"
)

func TestResolveSyntax(t *testing.T) {
	cmd := []string{"claude", "setup-token"}
	h := held(cmd)
	tests := []struct {
		name      string
		installed []string
		preferred string
		envTerm   string
		want      []string
	}{
		{"preferred_kitty", []string{"kitty", "xterm"}, "kitty", "", append([]string{"/bin/kitty", "-T", "Re-auth"}, h...)},
		{"preferred_path", []string{"/opt/foot", "xterm"}, "/opt/foot", "", append([]string{"/bin//opt/foot", "-T", "Re-auth"}, h...)},
		{"preferred_with_words", []string{"wezterm"}, "wezterm start --cwd /", "", append([]string{"/bin/wezterm", "start", "--cwd", "/"}, h...)},
		{"preferred_missing_falls_back", []string{"xterm"}, "kitty", "", append([]string{"/bin/xterm", "-T", "Re-auth", "-e"}, h...)},
		{"env_TERMINAL", []string{"alacritty", "xterm"}, "", "alacritty", append([]string{"/bin/alacritty", "-T", "Re-auth", "-e"}, h...)},
		{"env_unknown_gets_dash_e", []string{"urxvt", "xterm"}, "", "urxvt", append([]string{"/bin/urxvt", "-e"}, h...)},
		{"xdg_terminal_exec", []string{"xdg-terminal-exec", "x-terminal-emulator"}, "", "", append([]string{"/bin/xdg-terminal-exec"}, h...)},
		{"x_terminal_emulator", []string{"x-terminal-emulator", "gnome-terminal"}, "", "", append([]string{"/bin/x-terminal-emulator", "-T", "Re-auth", "-e"}, h...)},
		{"gnome_terminal", []string{"gnome-terminal", "xterm"}, "", "", append([]string{"/bin/gnome-terminal", "--"}, h...)},
		{"konsole", []string{"konsole", "xterm"}, "", "", append([]string{"/bin/konsole", "-e"}, h...)},
		{"xfce4_terminal", []string{"xfce4-terminal", "xterm"}, "", "", append([]string{"/bin/xfce4-terminal", "-T", "Re-auth", "-x"}, h...)},
		{"kitty", []string{"kitty", "xterm"}, "", "", append([]string{"/bin/kitty", "-T", "Re-auth"}, h...)},
		{"alacritty", []string{"alacritty", "xterm"}, "", "", append([]string{"/bin/alacritty", "-T", "Re-auth", "-e"}, h...)},
		{"wezterm", []string{"wezterm", "xterm"}, "", "", append([]string{"/bin/wezterm", "start", "--"}, h...)},
		{"foot", []string{"foot", "xterm"}, "", "", append([]string{"/bin/foot", "-T", "Re-auth"}, h...)},
		{"xterm", []string{"xterm"}, "", "", append([]string{"/bin/xterm", "-T", "Re-auth", "-e"}, h...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			look := func(name string) (string, error) {
				if slices.Contains(tt.installed, name) {
					return "/bin/" + name, nil
				}
				return "", exec.ErrNotFound
			}
			getenv := func(k string) string {
				if k == "TERMINAL" {
					return tt.envTerm
				}
				return ""
			}
			got, err := resolve(Command{Args: cmd, Title: "Re-auth", Preferred: tt.preferred}, getenv, look)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("argv\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestResolveNone(t *testing.T) {
	look := func(string) (string, error) { return "", exec.ErrNotFound }
	_, err := resolve(Command{Args: []string{"claude"}}, func(string) string { return "" }, look)
	if !errors.Is(err, ErrNoTerminal) {
		t.Fatalf("err = %v, want ErrNoTerminal", err)
	}
	if err.Error() != "no terminal emulator found: install xterm or set `terminal` in settings.toml" {
		t.Errorf("message = %q", err)
	}
}

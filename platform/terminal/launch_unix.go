//go:build unix && !darwin

package terminal

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// syntax builds a terminal's argv for "open a window titled title running
// cmd". Each terminal spells "run this" its own way.
type syntax func(title string, cmd []string) []string

func dashE(title string, cmd []string) []string {
	return append([]string{"-T", title, "-e"}, cmd...)
}

// syntaxes by program name. Titles are set where the option is stable
// across versions.
var syntaxes = map[string]syntax{
	// Debian policy: x-terminal-emulator accepts -T title and -e cmd args.
	"x-terminal-emulator": dashE,
	"xterm":               dashE,
	"lxterm":              dashE,
	"uxterm":              dashE,
	// The freedesktop terminal-exec proposal: the command follows directly.
	"xdg-terminal-exec": func(_ string, cmd []string) []string { return cmd },
	"gnome-terminal":    func(_ string, cmd []string) []string { return append([]string{"--"}, cmd...) },
	"ptyxis":            func(_ string, cmd []string) []string { return append([]string{"--"}, cmd...) },
	"kgx":               func(_ string, cmd []string) []string { return append([]string{"--"}, cmd...) },
	"konsole":           func(_ string, cmd []string) []string { return append([]string{"-e"}, cmd...) },
	"xfce4-terminal": func(title string, cmd []string) []string {
		return append([]string{"-T", title, "-x"}, cmd...)
	},
	"kitty": func(title string, cmd []string) []string { return append([]string{"-T", title}, cmd...) },
	"alacritty": func(title string, cmd []string) []string {
		return append([]string{"-T", title, "-e"}, cmd...)
	},
	"wezterm": func(_ string, cmd []string) []string { return append([]string{"start", "--"}, cmd...) },
	"foot":    func(title string, cmd []string) []string { return append([]string{"-T", title}, cmd...) },
}

// fallbacks are tried, in order, after the preferred terminal, $TERMINAL,
// xdg-terminal-exec and x-terminal-emulator (as i3-sensible-terminal does).
var fallbacks = []string{"gnome-terminal", "ptyxis", "kgx", "konsole", "xfce4-terminal", "kitty", "alacritty", "wezterm", "foot", "xterm"}

func launch(ctx context.Context, cmd Command) error {
	argv, err := resolve(cmd, os.Getenv, exec.LookPath)
	if err != nil {
		return err
	}
	return run(ctx, argv, cleanEnv(cmd.Env))
}

// resolve picks the terminal and returns the full argv to start. Preferred
// (settings.toml) and $TERMINAL may carry their own words: "wezterm" uses
// wezterm's known syntax, while "myterm --exec" is taken as written and the
// command follows it. An unknown terminal named alone gets "-e".
func resolve(cmd Command, getenv func(string) string, look func(string) (string, error)) ([]string, error) {
	title := cmd.Title
	if title == "" {
		title = strings.Join(cmd.Args, " ")
	}
	inner := held(cmd.Args)
	candidates := []string{cmd.Preferred, getenv("TERMINAL"), "xdg-terminal-exec", "x-terminal-emulator"}
	candidates = append(candidates, fallbacks...)
	for _, c := range candidates {
		words := strings.Fields(c)
		if len(words) == 0 {
			continue
		}
		path, err := look(words[0])
		if err != nil {
			continue
		}
		if len(words) > 1 {
			return append(append([]string{path}, words[1:]...), inner...), nil
		}
		syn, ok := syntaxes[filepath.Base(words[0])]
		if !ok {
			syn = func(_ string, cmd []string) []string { return append([]string{"-e"}, cmd...) }
		}
		return append([]string{path}, syn(title, inner)...), nil
	}
	return nil, ErrNoTerminal
}

// found reports whether resolve would find a terminal.
func found(preferred string) bool {
	_, err := resolve(Command{Args: []string{"true"}, Preferred: preferred}, os.Getenv, exec.LookPath)
	return err == nil
}

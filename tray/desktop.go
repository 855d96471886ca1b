package tray

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
)

// Clipboard returns the clipboard program available in this session and the
// arguments that make it read stdin, or "" when none is installed.
func Clipboard(getenv func(string) string, look func(string) (string, error)) (name string, args []string) {
	type tool struct {
		name string
		args []string
		when bool
	}
	for _, t := range []tool{
		{"pbcopy", nil, runtime.GOOS == "darwin"},
		{"wl-copy", nil, getenv("WAYLAND_DISPLAY") != ""},
		{"xclip", []string{"-selection", "clipboard"}, getenv("DISPLAY") != ""},
		{"xsel", []string{"--clipboard", "--input"}, getenv("DISPLAY") != ""},
	} {
		if !t.when {
			continue
		}
		if _, err := look(t.name); err == nil {
			return t.name, t.args
		}
	}
	return "", nil
}

// CopyWith copies text with the given clipboard program.
func CopyWith(name string, args []string, text string) error {
	if name == "" {
		return errors.New("no clipboard program: install xclip (X11) or wl-clipboard (Wayland)")
	}
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewBufferString(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("copy with %s: %v %s", name, err, bytes.TrimSpace(out))
	}
	return nil
}

// Open opens a folder or file with the desktop's default program.
func Open(path string) error {
	opener := "xdg-open"
	if runtime.GOOS == "darwin" {
		opener = "open"
	}
	if _, err := exec.LookPath(opener); err != nil {
		return fmt.Errorf("cannot open %s: %s is not installed", path, opener)
	}
	cmd := exec.Command(opener, path)
	cmd.Stdout, cmd.Stderr = nil, nil
	cmd.Env = os.Environ()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	go cmd.Wait() // reap it; the opener's own result is the desktop's business
	return nil
}

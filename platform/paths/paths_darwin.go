package paths

import "path/filepath"

// macOS keeps both in Application Support, as menu-bar apps do.
func configDir(_ func(string) string, home func() (string, error)) (string, error) {
	h, err := home()
	if err != nil {
		return "", err
	}
	return filepath.Join(h, "Library", "Application Support", App), nil
}

func stateDir(getenv func(string) string, home func() (string, error)) (string, error) {
	return configDir(getenv, home)
}

// Homebrew on Apple silicon, then on Intel (and the nodejs.org installer).
var nodePrefixes = []string{"/opt/homebrew", "/usr/local"}

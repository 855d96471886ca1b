package paths

import "path/filepath"

// XDG Base Directory rules: an unset or relative variable falls back.
func configDir(getenv func(string) string, home func() (string, error)) (string, error) {
	return xdg(getenv, home, "XDG_CONFIG_HOME", ".config")
}

func stateDir(getenv func(string) string, home func() (string, error)) (string, error) {
	return xdg(getenv, home, "XDG_STATE_HOME", filepath.Join(".local", "state"))
}

func xdg(getenv func(string) string, home func() (string, error), env, fallback string) (string, error) {
	if d := getenv(env); filepath.IsAbs(d) {
		return filepath.Join(d, App), nil
	}
	h, err := home()
	if err != nil {
		return "", err
	}
	return filepath.Join(h, fallback, App), nil
}

// Linux sessions and user services carry a PATH that finds node, whose
// prefix npm uses: nothing to add.
var nodePrefixes []string

// Package paths says where authtray keeps its own files: the settings file in
// the platform's config dir, and the notification ledger in its state dir.
// authtray never writes anywhere else.
package paths

import (
	"os"
	"path/filepath"
)

// App is the directory name under the platform dirs.
const App = "authtray"

// ConfigDir is where settings.toml lives.
func ConfigDir() (string, error) { return configDir(os.Getenv, os.UserHomeDir) }

// StateDir is where authtray keeps what it must remember across restarts
// (which notifications it already sent).
func StateDir() (string, error) { return stateDir(os.Getenv, os.UserHomeDir) }

// SettingsFile is the full path of settings.toml.
func SettingsFile() (string, error) {
	d, err := ConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "settings.toml"), nil
}

// NodePrefixes are where the platform's package managers put npm's global
// prefix, for finding an installed gateway from an app started without the
// user's shell PATH (a macOS menu-bar app gets /usr/bin:/bin only).
func NodePrefixes() []string { return nodePrefixes }

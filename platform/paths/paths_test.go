//go:build linux

package paths

import (
	"testing"
)

func TestXDG(t *testing.T) {
	home := func() (string, error) { return "/home/u", nil }
	tests := []struct {
		env           map[string]string
		config, state string
	}{
		{nil, "/home/u/.config/authtray", "/home/u/.local/state/authtray"},
		{map[string]string{"XDG_CONFIG_HOME": "/x/c", "XDG_STATE_HOME": "/x/s"}, "/x/c/authtray", "/x/s/authtray"},
		{map[string]string{"XDG_CONFIG_HOME": "relative"}, "/home/u/.config/authtray", "/home/u/.local/state/authtray"},
	}
	for _, tt := range tests {
		getenv := func(k string) string { return tt.env[k] }
		if got, _ := configDir(getenv, home); got != tt.config {
			t.Errorf("configDir(%v) = %q, want %q", tt.env, got, tt.config)
		}
		if got, _ := stateDir(getenv, home); got != tt.state {
			t.Errorf("stateDir(%v) = %q, want %q", tt.env, got, tt.state)
		}
	}
}

package tray

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/authtray/authtray/core/settings"
)

func TestEnsureSettingsParsesToDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "authtray", "settings.toml")
	if _, err := EnsureSettings(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	s, err := settings.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Notifications || len(s.Notify) != 2 {
		t.Fatalf("created file does not parse to defaults: %+v", s)
	}
	// An existing file is left alone.
	os.WriteFile(path, []byte("warn = \"2d\"\n"), 0o600)
	EnsureSettings(path)
	if b, _ := os.ReadFile(path); string(b) != "warn = \"2d\"\n" {
		t.Fatalf("existing file rewritten: %q", b)
	}
}

func TestSetNotifications(t *testing.T) {
	tests := []struct{ name, before, after string }{
		{"missing file", "", "notifications = false\n"},
		{"commented default", DefaultSettings, ""},
		{"existing key", "warn = \"2d\"\nnotifications = true # mine\n", "warn = \"2d\"\nnotifications = false\n"},
		{"before a table", "[[host]]\nssh = \"box\"\n", "notifications = false\n[[host]]\nssh = \"box\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "settings.toml")
			if tt.before != "" {
				os.WriteFile(path, []byte(tt.before), 0o600)
			}
			if err := SetNotifications(path, false); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(path)
			if tt.after != "" && string(data) != tt.after {
				t.Fatalf("file = %q, want %q", data, tt.after)
			}
			s, err := settings.Parse(path, data)
			if err != nil || s.Notifications {
				t.Fatalf("parsed %+v, %v; want notifications off", s, err)
			}
			if err := SetNotifications(path, true); err != nil {
				t.Fatal(err)
			}
			data, _ = os.ReadFile(path)
			if s, err := settings.Parse(path, data); err != nil || !s.Notifications {
				t.Fatalf("parsed %+v, %v; want notifications on", s, err)
			}
		})
	}
}

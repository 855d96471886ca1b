//go:build linux

package tray

import "testing"

func TestMenuLabel(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"CLAUDE_CODE_OAUTH_TOKEN — expiry unknown", "CLAUDE__CODE__OAUTH__TOKEN — expiry unknown"},
		{"Refresh now", "Refresh now"},
		{"~/.claude_work", "~/.claude__work"},
		{"__", "____"},
	} {
		if got := menuLabel(tt.in); got != tt.want {
			t.Errorf("menuLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

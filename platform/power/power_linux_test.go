package power

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

func TestIsResume(t *testing.T) {
	const name = "org.freedesktop.login1.Manager.PrepareForSleep"
	tests := []struct {
		s    *dbus.Signal
		want bool
	}{
		{&dbus.Signal{Name: name, Body: []any{false}}, true},
		{&dbus.Signal{Name: name, Body: []any{true}}, false},
		{&dbus.Signal{Name: "org.freedesktop.login1.Manager.PrepareForShutdown", Body: []any{false}}, false},
		{&dbus.Signal{Name: name, Body: []any{"false"}}, false},
		{&dbus.Signal{Name: name}, false},
		{nil, false},
	}
	for i, tt := range tests {
		if got := isResume(tt.s); got != tt.want {
			t.Errorf("case %d: isResume = %v, want %v", i, got, tt.want)
		}
	}
}

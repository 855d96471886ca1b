package tray

import (
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/sshdest"
)

// A host before its first connection has finished says so, not
// "unreachable"; once an attempt fails, its reason is shown.
func TestHostConnecting(t *testing.T) {
	h := remote.Host{Remote: remote.Remote{Name: "nas", Destination: sshdest.MustParse("me@nas")}}
	menu := func() string {
		rows, ph := h.Rows(now, profile.Policy{Now: now, Zone: time.UTC})
		s := snap(append([]profile.Profile{claudeOK}, rows...)...)
		s.Hosts = []profile.Host{ph}
		return Build(s, Options{Zone: time.UTC, Home: "/home/u"}).String()
	}
	if got := menu(); !strings.Contains(got, "nas — connecting…") || strings.Contains(got, "unreachable") {
		t.Errorf("before the first attempt:\n%s", got)
	}
	h.Unreachable("ssh: connect to host nas port 22: No route to host", now)
	if got := menu(); strings.Contains(got, "connecting") || !strings.Contains(got, "unreachable since 10:00: ssh: connect to host nas port 22: No route to host") {
		t.Errorf("after a failed attempt:\n%s", got)
	}
}

package tray

import (
	"reflect"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestFixForIsTheRowsAction: a notification's Re-authenticate runs exactly
// what the row's own item runs, here and on a host (ssh -t), with the row
// as the snapshot has it now; a row with no fix gets none.
func TestFixForIsTheRowsAction(t *testing.T) {
	o := Options{Zone: time.UTC, Home: "/home/u", GatewayCLI: "openclaw"}
	local := snap(claudeOK, with(manual, func(p *profile.Profile) { p.ExpiresAt = at(-h) }),
		with(claudeOK, func(p *profile.Profile) {
			p.ID, p.Location, p.LoginEndsAt = "claude-code:~/work", "/home/u/work/.credentials.json", at(2*d)
		}))
	compared := 0
	for _, s := range []profile.Snapshot{local, remoteSnap()} {
		hosts := map[string]profile.Host{}
		for _, h := range s.Hosts {
			hosts[h.Name] = h
		}
		for _, p := range s.Profiles {
			want, hasItem := rowAction(row(p, o, hosts[p.Host]))
			got, ok := FixFor(s, p, o)
			if !p.NeedsAction() {
				continue // the menu offers no fix for a fine row
			}
			if ok != hasItem || !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %q: FixFor = %v (%v), the row's item = %v (%v)", p.ID, p.Host, got, ok, want, hasItem)
			}
			compared++
		}
	}
	if compared < 5 {
		t.Fatalf("only %d rows compared", compared)
	}
	// The message's profile is older than the snapshot: the current row's
	// fix runs (here its host's destination comes from the snapshot).
	s := remoteSnap()
	var gw profile.Profile
	for _, p := range s.Profiles {
		if p.Host == "vps" && p.Source == profile.Gateway {
			gw = p
		}
	}
	stale := gw
	stale.FixArgs, stale.FixEnv = nil, nil
	a, ok := FixFor(s, stale, o)
	if !ok || a.Remote.String() != "me@vps.example.net" || !reflect.DeepEqual(a.Args, gw.FixArgs) {
		t.Errorf("stale message: %v, %v", a, ok)
	}
	if _, ok := FixFor(s, with(envKey, func(p *profile.Profile) { p.Host = "mini" }), o); ok {
		t.Errorf("an API key got a fix")
	}
	if _, ok := FixFor(profile.Snapshot{}, with(manual, func(p *profile.Profile) { p.State, p.Message = profile.Error, "permission denied" }), o); ok {
		t.Errorf("an unreadable store got a fix")
	}
}

// rowAction is the Reauth action in a row's submenu.
func rowAction(it Item) (Action, bool) {
	for _, c := range it.Children {
		if c.Action.Kind == Reauth {
			return c.Action, true
		}
	}
	return Action{}, false
}

package gateway

import (
	"testing"

	"github.com/authtray/authtray/core/profile"
)

// TestSourceGroup (moved with the title from core/profile's Groups).
func TestSourceGroup(t *testing.T) {
	live := profile.Profile{Source: ID, Agent: "main", StateDir: "/h/.openclaw"}
	other := profile.Profile{Source: ID, StateDir: "/h/.moltbot", Note: profile.ShelvedNote}
	remote := profile.Profile{Source: ID, Agent: "main", StateDir: "/home/r/.openclaw", Host: "box"}
	for _, tc := range []struct {
		name string
		rows []profile.Profile
		p    profile.Profile
		want string
	}{
		{"one dir", []profile.Profile{live}, live, "Gateway · agent main"},
		{"several dirs", []profile.Profile{live, other}, live, "Gateway (~/.openclaw) · agent main"},
		{"shelved", []profile.Profile{other}, other, "Gateway (~/.moltbot, not read by the gateway)"},
		// Another host's state dir does not make this host's several.
		{"one dir per host", []profile.Profile{live, remote}, remote, "Gateway · agent main"},
		{"outside home", []profile.Profile{live, {Source: ID, StateDir: "/srv/gw"}}, profile.Profile{Source: ID, StateDir: "/srv/gw"}, "Gateway (/srv/gw)"},
		// Another source's dirs do not make the gateway's several.
		{"one dir per source", []profile.Profile{live, {Source: "codex", StateDir: "/h/.codex"}}, live, "Gateway · agent main"},
	} {
		if got, store := (Source{}).Group(tc.p, profile.NewGroups(tc.rows, "/h")); got != tc.want || store != "" {
			t.Errorf("%s: got %q (store %q), want %q", tc.name, got, store, tc.want)
		}
	}
}

package profile

import (
	"path/filepath"
	"strings"
)

// ShelvedNote is the note of a gateway row from a state dir the gateway
// does not read.
const ShelvedNote = "not read by the gateway"

// Groups names the gateway group of rows for people, the same in the
// status table and the tray menu. Make one from all the rows shown
// together with NewGroups.
type Groups struct {
	home  string
	multi map[string]bool // host → rows come from several state dirs
}

// NewGroups looks at where the gateway rows of ps were read from; home is
// written as ~ in titles.
func NewGroups(ps []Profile, home string) Groups {
	dirs := map[string]map[string]bool{}
	for _, p := range ps {
		if p.Source == Gateway && p.StateDir != "" {
			if dirs[p.Host] == nil {
				dirs[p.Host] = map[string]bool{}
			}
			dirs[p.Host][p.StateDir] = true
		}
	}
	g := Groups{home: home, multi: map[string]bool{}}
	for h, d := range dirs {
		g.multi[h] = len(d) > 1
	}
	return g
}

// Gateway is a gateway row's group title without its host: "Gateway", then
// its state dir when the rows of its host come from more than one, or when
// the gateway does not read it ("Gateway (~/.moltbot, not read by the
// gateway)"), then " · agent <id>" for a row of an agent.
func (g Groups) Gateway(p Profile) string {
	t := "Gateway"
	shelved := strings.Contains(p.Note, ShelvedNote)
	if p.StateDir != "" && (g.multi[p.Host] || shelved) {
		q := TildePath(p.StateDir, g.home)
		if shelved {
			q += ", " + ShelvedNote
		}
		t += " (" + q + ")"
	}
	if p.Agent != "" {
		t += " · agent " + p.Agent
	}
	return t
}

// TildePath writes an absolute path under home as ~/…
func TildePath(p, home string) string {
	if home == "" || home == "/" || !filepath.IsAbs(p) {
		return p
	}
	home = strings.TrimSuffix(home, string(filepath.Separator))
	if p == home {
		return "~"
	}
	if rest, ok := strings.CutPrefix(p, home+string(filepath.Separator)); ok {
		return "~/" + rest
	}
	return p
}

package profile

import (
	"path/filepath"
	"slices"
	"strings"
)

// ShelvedNote is the note of a gateway row from a state dir the gateway
// does not read.
const ShelvedNote = "not read by the gateway"

// Groups holds what a group title may depend on besides its own row (a
// source names its groups with it, core/source): the home dir, written as
// ~, and whether the rows a host has of one source come from more than one
// store dir (Profile.StateDir). Make one from all the rows shown together
// with NewGroups.
type Groups struct {
	home  string
	multi map[hostSource]bool
}

type hostSource struct {
	host   string
	source Source
}

// NewGroups looks at where the rows of ps were read from; home is written
// as ~ in titles.
func NewGroups(ps []Profile, home string) Groups {
	dirs := map[hostSource]map[string]bool{}
	for _, p := range ps {
		if p.StateDir == "" {
			continue
		}
		k := hostSource{p.Host, p.Source}
		if dirs[k] == nil {
			dirs[k] = map[string]bool{}
		}
		dirs[k][p.StateDir] = true
	}
	g := Groups{home: home, multi: map[hostSource]bool{}}
	for k, d := range dirs {
		g.multi[k] = len(d) > 1
	}
	return g
}

// SeveralDirs reports whether p's host has rows of p's source from more
// than one store dir, so a title names p's.
func (g Groups) SeveralDirs(p Profile) bool { return g.multi[hostSource{p.Host, p.Source}] }

// Tilde writes path under the home dir as ~/…
func (g Groups) Tilde(path string) string { return TildePath(path, g.home) }

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

// ByGroup returns ps with each group's rows together, at the place of the
// group's first row, keeping their order otherwise: rows are sorted by
// where they were read, so one group's rows need not be adjacent (an
// agent's database and its config row), and the status table and the
// tray show each group once. group names a row's group (its title).
func ByGroup(ps []Profile, group func(Profile) string) []Profile {
	out := slices.Clone(ps)
	first := map[string]int{}
	for i, p := range out {
		if _, ok := first[group(p)]; !ok {
			first[group(p)] = i
		}
	}
	slices.SortStableFunc(out, func(a, b Profile) int { return first[group(a)] - first[group(b)] })
	return out
}

// Package source lists the credential sources and is what every view asks
// about a row's source: the CLI table and the tray menu its group title,
// alert its notification words, the tray which one-click renewal fits,
// core/remote how a row another machine sent is completed and which
// sources there are at all. Each source's package implements Source; the
// views never switch on a row's Source.
//
// Adding a source is a new package that reads its rows and implements
// Source, and one line in the list below (and, for its reader, one entry
// in core/scan's readers; TestEverySourceIsRead ties the two lists).
package source

import (
	"slices"

	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/gateway"
	"github.com/authtray/authtray/core/profile"
)

// Source is one credential source as the views see its rows.
type Source interface {
	// ID is the Source its rows carry (the JSON's "source").
	ID() profile.Source
	// Group names the group p is shown in: title, the status table's
	// heading ("Claude Code", "Gateway · agent main"), and store, what the
	// menu adds to name the store within it (Claude Code's config dir; ""
	// when the title says it). g knows the other rows shown with p.
	Group(p profile.Profile, g profile.Groups) (title, store string)
	// Where names p's place in a notification: "Claude Code", "agent
	// main", "environment".
	Where(p profile.Profile) string
	// Renew says how one click renews p's credential.
	Renew(p profile.Profile) profile.Renewal
	// Decode completes a row another machine's authtray sent, read on
	// from: the facts a row read here has that are not in the JSON, and a
	// command when the host sent none it could run (p.Fix is then the
	// host's own fix text; the caller wraps a command for ssh after).
	Decode(p *profile.Profile, from profile.Origin)
}

// all is every source, in the order their groups are shown.
var all = []Source{
	claude.Source{},
	gateway.Source{},
	envkey.Source{},
}

// All returns every source, in the order their groups are shown.
func All() []Source { return slices.Clone(all) }

// ids are the sources' ids, in the list's order (Arrange's ranks).
var ids = func() []profile.Source {
	out := make([]profile.Source, len(all))
	for i, s := range all {
		out[i] = s.ID()
	}
	return out
}()

// Known returns the source whose rows carry id.
func Known(id profile.Source) (Source, bool) {
	i := slices.IndexFunc(all, func(s Source) bool { return s.ID() == id })
	if i < 0 {
		return nil, false
	}
	return all[i], true
}

// Of returns the source whose rows carry id; for a row of no known source
// (a host's own line, whose Source is empty) one that names it by id.
func Of(id profile.Source) Source {
	if s, ok := Known(id); ok {
		return s
	}
	return unknown(id)
}

// Arrange orders rows by their source, in the order of the list (rows of
// no listed source last), keeping the order within each: profile.Sort
// keeps the sources in the order they come in. Rows mostly come arranged
// already (each reader's in turn), and then none moves; otherwise each
// row is swapped straight to its place (a sort moved the 360-byte rows on
// every comparison).
func Arrange(ps []profile.Profile) {
	rank := func(p *profile.Profile) int {
		if i := slices.Index(ids, p.Source); i >= 0 {
			return i
		}
		return len(ids)
	}
	at := make([]int, len(ids)+1) // at[r]: where the next row of rank r goes
	arranged, last := true, 0
	for i := range ps {
		r := rank(&ps[i])
		arranged = arranged && r >= last
		last = r
		at[r]++
	}
	if arranged {
		return
	}
	n := 0
	for r, c := range at {
		at[r], n = n, n+c
	}
	to := make([]int, len(ps)) // each row's place, kept stable within a rank
	for i := range ps {
		r := rank(&ps[i])
		to[i] = at[r]
		at[r]++
	}
	for i := range ps {
		for to[i] != i {
			j := to[i]
			ps[i], ps[j] = ps[j], ps[i]
			to[i], to[j] = to[j], j
		}
	}
}

// unknown names rows of a source this build does not list by their id.
type unknown profile.Source

func (u unknown) ID() profile.Source { return profile.Source(u) }

func (u unknown) Group(profile.Profile, profile.Groups) (string, string) { return string(u), "" }

// Where is the source's id, "" for a row of no source (a host's own line
// names the host already).
func (u unknown) Where(profile.Profile) string { return string(u) }

func (unknown) Renew(profile.Profile) profile.Renewal { return profile.RenewToken }

func (unknown) Decode(*profile.Profile, profile.Origin) {}

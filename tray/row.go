package tray

import (
	"path/filepath"
	"strings"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/source"
)

// isHostRow reports whether p is a host's own "cannot be read" row.
func isHostRow(p profile.Profile) bool {
	return p.Host != "" && p.ID == remote.HostRowID && p.Source == ""
}

// row is one profile and, when it needs the user, its actions. host is a
// remote row's host.
func row(p profile.Profile, o Options, host profile.Host) Item {
	if isHostRow(p) {
		// Its message is the whole sentence: "unreachable since 14:02: …".
		return Item{Label: p.Host + " — " + p.Message, Tooltip: host.Destination.String()}
	}
	it := Item{Label: Name(p) + " — " + Expiry(p, o.Now, o.Zone), Tooltip: p.Location}
	if p.Host == "" {
		it.Tooltip = profile.TildePath(p.Location, o.Home)
	}
	var subs []Item
	if p.AskAgain && p.Host == "" {
		// Nothing reads it in the background any more: only this (or
		// Refresh now) asks again.
		subs = append(subs, Item{Label: LabelAskAgain, Tooltip: askAgainTip, Enabled: true, Action: Action{Kind: Refresh}})
	}
	if p.NeedsAction() && p.State != profile.Error && p.State != profile.Unreachable {
		a, label, ok := rowFix(p, host, o)
		if ok {
			subs = append(subs, Item{Label: label, Enabled: true, Action: a})
		}
	}
	if until, ok := o.Snoozed[p.Key()]; ok {
		// Put off from a notification; the row still says what is wrong.
		clock := profile.Policy{Now: o.Now, Zone: o.Zone}.Clock(until)
		subs = append(subs, Item{Label: "Snoozed until " + clock + " — cancel", Enabled: true, Action: Action{Kind: Unsnooze, Key: p.Key()}})
	}
	if (p.NeedsAction() || p.State == profile.Error) && p.Fix != "" {
		c := Item{Label: LabelRowCopy, Enabled: o.Clipboard != "", Action: Action{Kind: Copy, Text: p.Fix}}
		if o.Clipboard == "" {
			c.Tooltip = noClipboardTip
		}
		subs = append(subs, c)
	}
	if (p.NeedsAction() || p.State == profile.Error) && p.Host == "" && filepath.IsAbs(p.Location) {
		subs = append(subs, Item{Label: LabelRowFolder, Enabled: true, Action: Action{Kind: OpenFolder, Path: filepath.Dir(p.Location)}})
	}
	if len(subs) > 0 {
		it.Enabled, it.Children = true, subs
	}
	return it
}

// Name is a row's name: the id, with the account when known.
func Name(p profile.Profile) string {
	n := p.ID
	if n == "" {
		n = string(p.Source)
	}
	if p.Account != "" && !strings.Contains(n, p.Account) {
		n += " (" + p.Account + ")"
	}
	return n
}

// groupLabel is a row's group heading: its source's title and the store
// within it (core/source), as the status table's titles with Claude
// Code's config dir added ("Claude Code · ~/.claude"); a gateway heading
// names its state dir when there are several or the gateway does not
// read it.
func groupLabel(p profile.Profile, groups profile.Groups) string {
	if isHostRow(p) {
		return "Host " + p.Host
	}
	g, store := source.Of(p.Source).Group(p, groups)
	if store != "" {
		g += " · " + store
	}
	if p.Host != "" {
		g += " on " + p.Host
	}
	return g
}

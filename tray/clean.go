package tray

import (
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
)

// clean is the last step of Build: every text the menu shows (labels,
// tooltips, the macOS title, a terminal window's title) is a cleaned menu
// label, all with secrets masked. A fix put on the clipboard is pasted into
// a terminal: one that terminal cleaning or masking would change is
// another command, so it is not offered. Rows come from
// stores and hosts and may hold anything; labels are built from them in
// many places, so they are cleaned here, once, whole.
func clean(m Menu, secrets *redact.Set) Menu {
	label := safetext.Masked(secrets, safetext.Label)
	term := safetext.Masked(secrets, safetext.Terminal)
	m.Tooltip, m.Title = label(m.Tooltip), label(m.Title)
	m.Items = cleanItems(m.Items, label, term)
	return m
}

func cleanItems(items []Item, label, term func(string) string) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		it.Label, it.Tooltip = label(it.Label), label(it.Tooltip)
		it.Action.Title = label(it.Action.Title)
		if it.Action.Kind == Copy && term(it.Action.Text) != it.Action.Text {
			it.Action, it.Enabled, it.Tooltip = Action{}, false, noCopyTip
		}
		if it.Children != nil {
			it.Children = cleanItems(it.Children, label, term)
		}
		out[i] = it
	}
	return out
}

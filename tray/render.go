package tray

import (
	"fmt"
	"strings"

	"github.com/authtray/authtray/core/profile"
)

// String renders the menu as indented text: the golden files and the
// AUTHTRAY_DEBUG log show exactly what the tray shows. Disabled items are
// marked "(disabled)", checkboxes "[x]"/"[ ]", and each action follows "→".
func (m Menu) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "icon: %s\ntooltip: %s\ntitle (macOS): %s\n", m.State, m.Tooltip, m.Title)
	writeItems(&b, m.Items, 0)
	return b.String()
}

func writeItems(b *strings.Builder, items []Item, depth int) {
	for _, it := range items {
		b.WriteString(strings.Repeat("    ", depth))
		if it.Separator {
			b.WriteString("----\n")
			continue
		}
		if it.Checkbox {
			if it.Checked {
				b.WriteString("[x] ")
			} else {
				b.WriteString("[ ] ")
			}
		}
		b.WriteString(it.Label)
		if !it.Enabled {
			b.WriteString("  (disabled)")
		}
		if it.Action.Kind != None {
			b.WriteString("  → " + it.Action.String())
		}
		if it.Tooltip != "" {
			b.WriteString("  [tip: " + it.Tooltip + "]")
		}
		b.WriteString("\n")
		writeItems(b, it.Children, depth+1)
	}
}

// String is the action in a few words, for golden files and debug logs.
func (a Action) String() string {
	switch a.Kind {
	case Reauth:
		// Env only: Argv's removal of the tray's own variables is the same
		// for every local action.
		cmd := profile.ShellCommand(a.Env, a.Args)
		if !a.Remote.IsZero() {
			return "terminal: ssh -t " + a.Remote.String() + " -- " + cmd
		}
		return "terminal: " + cmd
	case Copy:
		return "copy: " + a.Text
	case OpenFolder:
		return "open: " + a.Path
	}
	return string(a.Kind)
}

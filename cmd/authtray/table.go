package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/authtray/authtray/core/profile"
)

// writeTable prints the snapshot for people: one group per store, one
// aligned row per credential, then one line per problem with its fix.
func writeTable(w io.Writer, s profile.Snapshot, pol profile.Policy, home string, color bool) {
	paint := func(st profile.State, text string) string {
		if !color {
			return text
		}
		return stateColor[st] + text + "\x1b[0m"
	}

	// Rows are sorted by where they were read, so one group's rows need not
	// be adjacent (an agent's database and its config row): each group is
	// printed once, at its first row, with all its rows.
	groups := profile.NewGroups(s.Profiles, home)
	title := func(p profile.Profile) string { return groupTitle(p, groups) }
	ps := append([]profile.Profile(nil), s.Profiles...)
	first := map[string]int{}
	for i, p := range ps {
		if _, ok := first[title(p)]; !ok {
			first[title(p)] = i
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return first[title(ps[i])] < first[title(ps[j])] })

	// The rows are aligned together, across groups; the titles are put in
	// between afterwards so a long one does not widen the first column.
	// trimEnd drops tabwriter's trailing blanks so the output diffs and
	// pastes cleanly.
	var rows strings.Builder
	tw := tabwriter.NewWriter(&rows, 0, 0, 2, ' ', 0)
	for _, p := range ps {
		// The state word is padded before painting so escape codes do not
		// upset the column widths.
		state := paint(p.State, fmt.Sprintf("%-8s", p.State))
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.ID, kindWord(p.Kind), state, detail(p))
	}
	tw.Flush()
	lines := strings.Split(trimEnd(rows.String()), "\n")
	group := ""
	for i, p := range ps {
		if g := title(p); g != group {
			if group != "" {
				fmt.Fprintln(w)
			}
			group = g
			fmt.Fprintln(w, g)
		}
		fmt.Fprintln(w, lines[i])
	}
	if len(ps) > 0 {
		fmt.Fprintln(w)
	}

	var problems []string
	for _, p := range s.Profiles {
		if !p.NeedsAction() {
			continue
		}
		line := "  " + who(p) + ": " + profile.LowerFirst(trimSentence(p.Message))
		if p.Fix != "" {
			line += "\n      fix: " + p.Fix
		}
		problems = append(problems, line)
	}
	for _, n := range s.Notes {
		problems = append(problems, "  "+n)
	}
	if len(problems) > 0 {
		fmt.Fprintln(w, "Problems:")
		for _, l := range problems {
			fmt.Fprintln(w, l)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Status: %s\n", paint(s.Status, verdictWords(s.Status)))
}

var stateColor = map[profile.State]string{
	profile.OK:          "\x1b[32m",
	profile.Unknown:     "\x1b[36m",
	profile.Expiring:    "\x1b[33m",
	profile.Expired:     "\x1b[31m",
	profile.Missing:     "\x1b[31m",
	profile.Error:       "\x1b[35m",
	profile.Unreachable: "\x1b[90m",
}

func verdictWords(s profile.State) string {
	switch s {
	case profile.OK, profile.Unknown:
		return "ok"
	case profile.Expiring:
		return "expiring (exit 2 with --check)"
	default:
		return string(s) + " (exit 1 with --check)"
	}
}

// groupTitle names the store a row belongs to, e.g. "Claude Code",
// "Gateway · agent main", "Environment", prefixed with the host for remote
// rows. A gateway title names its state dir when there is more than one, or
// when the gateway does not read it: "Gateway (~/.moltbot, not read by the
// gateway) · agent main" (profile.Groups, shared with the tray).
func groupTitle(p profile.Profile, groups profile.Groups) string {
	var t string
	switch p.Source {
	case profile.ClaudeCode:
		t = "Claude Code"
	case profile.Gateway:
		t = groups.Gateway(p)
	case profile.Env:
		t = "Environment"
	default:
		t = string(p.Source)
	}
	if p.Host != "" {
		t = p.Host + " · " + t
	}
	return t
}

func kindWord(k profile.Kind) string {
	if k == "" {
		return "-"
	}
	return string(k)
}

// detail is the row's sentence plus how the gateway uses it.
func detail(p profile.Profile) string {
	parts := []string{p.Message}
	if p.Account != "" {
		parts = append(parts, p.Account)
	}
	if len(p.UsedBy) > 0 {
		parts = append(parts, "in use by "+usedBy(p.UsedBy))
	}
	if p.Note != "" {
		parts = append(parts, p.Note)
	}
	return strings.Join(nonEmpty(parts), " · ")
}

func usedBy(us []profile.Use) string {
	var out []string
	seen := map[string]bool{}
	for _, u := range us {
		s := u.Agent + " (" + u.Model + ")"
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) > 3 {
		return strings.Join(out[:3], ", ") + fmt.Sprintf(" and %d more", len(out)-3)
	}
	return strings.Join(out, ", ")
}

// who names a row in a problem line: "anthropic:manual (agent main)".
func who(p profile.Profile) string {
	s := p.ID
	var q []string
	if p.Agent != "" {
		q = append(q, "agent "+p.Agent)
	}
	if p.Host != "" {
		q = append(q, "on "+p.Host)
	}
	if len(q) > 0 {
		s += " (" + strings.Join(q, ", ") + ")"
	}
	return s
}

func nonEmpty(xs []string) []string {
	out := xs[:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// trimEnd removes trailing blanks from every line.
func trimEnd(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/source"
)

// writeTable prints the snapshot for people: one group per store, one
// aligned row per credential, then one line per problem with its fix. A
// width above 0 (the terminal's) wraps each row's detail to fit; 0 leaves
// every row on one line, as piped output is.
func writeTable(w io.Writer, s profile.Snapshot, pol profile.Policy, home string, color bool, width int) {
	paint := func(st profile.State, text string) string {
		if !color {
			return text
		}
		return stateColor[st] + text + "\x1b[0m"
	}

	// Each group is printed once, at its first row, with all its rows.
	groups := profile.NewGroups(s.Profiles, home)
	title := func(p profile.Profile) string { return groupTitle(p, groups) }
	ps := profile.ByGroup(s.Profiles, title)

	// The rows are aligned together, across groups; the titles are put in
	// between so a long one does not widen the first column. The state word
	// is padded before painting so escape codes do not upset the widths.
	var idW, kindW, stateW int
	for _, p := range ps {
		idW = max(idW, utf8.RuneCountInString(p.ID))
		kindW = max(kindW, utf8.RuneCountInString(kindWord(p)))
		stateW = max(stateW, len(p.State), 8)
	}
	group := ""
	for _, p := range ps {
		if g := title(p); g != group {
			if group != "" {
				fmt.Fprintln(w)
			}
			group = g
			fmt.Fprintln(w, g)
		}
		lead := "  " + pad(p.ID, idW) + "  " + pad(kindWord(p), kindW) + "  "
		indent := utf8.RuneCountInString(lead) + stateW + 2
		state := paint(p.State, pad(string(p.State), stateW))
		lines := wrap(detail(p), width, indent)
		fmt.Fprintln(w, strings.TrimRight(lead+state+"  "+lines[0], " "))
		for _, l := range lines[1:] {
			fmt.Fprintln(w, l)
		}
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

// groupTitle names the store a row belongs to, as its source titles it
// (core/source): "Claude Code", "Gateway · agent main", "Environment",
// prefixed with the host for remote rows; a host's own line (it cannot be
// read) is under "Host vps (me@vps.example.net)". A gateway title names
// its state dir when there is more than one, or when the gateway does not
// read it: "Gateway (~/.moltbot, not read by the gateway) · agent main"
// (the same titles as the tray's).
func groupTitle(p profile.Profile, groups profile.Groups) string {
	if hostLine(p) {
		t := "Host " + p.Host
		if p.Location != "" && p.Location != p.Host {
			t += " (" + p.Location + ")"
		}
		return t
	}
	t, _ := source.Of(p.Source).Group(p, groups)
	if p.Host != "" {
		t = p.Host + " · " + t
	}
	return t
}

// hostLine is a remote host's own row, saying why it cannot be read.
func hostLine(p profile.Profile) bool { return p.Source == "" && p.Host != "" }

// kindWord is the kind column: "-" for a row that is no credential, blank
// for a host's own line.
func kindWord(p profile.Profile) string {
	switch {
	case p.Kind != "":
		return string(p.Kind)
	case hostLine(p):
		return ""
	}
	return "-"
}

// detail is the row's sentence plus how the gateway uses it. A host's line
// drops the word the state column already says ("unreachable since 08:50:
// …" reads "since 08:50: …").
func detail(p profile.Profile) string {
	msg := p.Message
	if hostLine(p) {
		msg = strings.TrimPrefix(msg, string(p.State)+" ")
	}
	parts := []string{msg}
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

// usedBy groups the uses by agent, in order, each agent's models once:
// "main (anthropic/claude-sonnet-4-6, utility anthropic/claude-haiku-4-5)".
// A model in a role other than the agent's default is marked with it.
func usedBy(us []profile.Use) string {
	var agents []string
	models := map[string][]string{}
	seen := map[string]bool{}
	for _, u := range us {
		m := u.Model
		if r := roleWord(u.Role); r != "" {
			m = r + " " + m
		}
		if seen[u.Agent+"\x00"+m] {
			continue
		}
		seen[u.Agent+"\x00"+m] = true
		if _, ok := models[u.Agent]; !ok {
			agents = append(agents, u.Agent)
		}
		models[u.Agent] = append(models[u.Agent], m)
	}
	var out []string
	for _, a := range agents {
		out = append(out, a+" ("+strings.Join(models[a], ", ")+")")
	}
	if len(out) > 3 {
		return strings.Join(out[:3], ", ") + fmt.Sprintf(" and %d more", len(out)-3)
	}
	return strings.Join(out, ", ")
}

// roleWord marks a model's role in a use: "" for the default model.
func roleWord(role string) string {
	switch role {
	case "", "default":
		return ""
	case "image-fallback":
		return "image fallback"
	}
	return role
}

// pad right-pads s with blanks to n runes.
func pad(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// wrap breaks text into lines that fit width once the first is put after
// indent runes, continuation lines indented to the same column (or, when
// that leaves too little room, by six blanks). Words are never split; width
// 0 keeps one line.
func wrap(text string, width, indent int) []string {
	if width <= 0 || indent+utf8.RuneCountInString(text) <= width {
		return []string{text}
	}
	cont := indent
	if width-cont < 30 {
		cont = 6
	}
	var lines []string
	line, room := "", width-indent
	for _, word := range strings.Fields(text) {
		n := utf8.RuneCountInString(word)
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+n <= room:
			line += " " + word
		default:
			lines = append(lines, line)
			line, room = word, width-cont
		}
	}
	lines = append(lines, line)
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Repeat(" ", cont) + lines[i]
	}
	return lines
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
	return slices.DeleteFunc(xs, func(x string) bool { return x == "" })
}

// Package tray is the menu-bar app: a menu built from each snapshot, an icon
// whose colour is the worst state, and the actions behind the items.
//
// This file is the pure part: snapshot → a tree of labels, actions and
// enabled flags. The end-to-end suite matches these labels over dbusmenu, so
// their formats are stable:
//
// Header (first item, disabled) — the verdict in words:
//
//	Claude auth OK
//	Claude auth: 1 expired, 2 expiring        (counts of rows needing action:
//	                                           expired, missing, expiring,
//	                                           unreadable, unreachable)
//	Claude auth: no credentials found
//
// then one disabled line per snapshot note, a separator, and the rows grouped
// by source, each group under a disabled heading:
//
//	Claude Code · ~/.claude                   (one group per config dir)
//	Gateway · agent main                      (one group per agent and state dir)
//	Gateway (~/.moltbot, not read by the gateway) · agent main
//	                                          (the state dir named when there
//	                                           are several or it is not read)
//	Environment
//	…" on <host>" appended for rows read on a remote host
//	Host <host>                               (a host that cannot be read)
//
// Each row is "<name> — <expiry>", name being the profile id, with the
// account in parentheses when known ("claude-code (a@b.c)"). Expiry is one of:
//
//	API key · no expiry
//	expires in 5 h 12 m · Tue 14:03           (clock per profile.Policy.Clock)
//	expired 2 h ago
//	expiry unknown
//	access token refreshes on next use
//	access token valid until 15:12, then refreshes
//	access token refreshes on next use · login ends in 23 d
//	login ends in 9 d · Dec 3                 (inside the warn window)
//	login ended 2 h ago
//	unreadable: permission denied             (the source's reason)
//	unreachable: <reason>
//	not signed in                             (the source's sentence, lower-cased)
//
// A host that cannot be read has one row of its own, "<host> — unreachable
// since 14:02: <ssh's reason>" (or "unreadable since …" when the host
// answered with something unusable); its last known rows stay above it,
// noted "as of 13:58 (4 m ago); host not readable now".
//
// followed by " · cooldown until 14:03" or " · disabled by the gateway
// (<reason>)" while the gateway is not using it, and " · <note>" or
// " · not in use" for rows that are shown but not judged.
//
// A row that needs action is enabled and has a submenu: "Sign in again…"
// (claude auth login; Claude Code rows) or "Re-authenticate…" (claude
// setup-token, or, for gateway rows when that CLI is installed, the row's
// own fix, FixArgs with FixEnv: `sh -c 'claude setup-token && exec "$@"' sh
// openclaw models auth paste-token --provider anthropic --profile-id <id>
// --expires-in 365d --agent <agent>`, which stores the new token in the
// same profile, with OPENCLAW_STATE_DIR set for a state dir elsewhere). On a row from a
// remote host the same commands run there, in a local terminal, through
// `ssh -t <destination> -- env -u CLAUDE_CODE_OAUTH_TOKEN …`: "Sign in
// again…" (claude auth login) for a Claude Code login, "Re-authenticate…"
// with the row's FixArgs and FixEnv for a gateway row (the host's authtray
// sends them; for an older authtray or a host read via `openclaw models
// status` core/remote builds the same chain from the row's id, its agent,
// the host's state_dir and the CLI the host was read with) and `claude
// setup-token` for any other token. A Claude Code sign-in names its row's
// config dir (CLAUDE_CONFIG_DIR=<dir>, the host's claude_config_dir on a
// host) and no other: see Action.Argv. Then "Copy fix command"
// (disabled with a tooltip when no clipboard tool is installed), and "Open
// folder". Unreadable rows get "Open folder". A row whose store refused
// access after asking the user (a denied or unanswered Keychain prompt,
// profile.Profile.AskAgain) gets "Ask for Keychain access again…" first,
// which refreshes (nothing reads it in the background any more). Other
// rows are disabled.
//
// Fixed items follow: "Re-authenticate Claude (setup-token)…", "Re-authenticate
// via <cli> (stores the token in the gateway)…" (when a gateway CLI is
// installed and a local gateway Anthropic token is in use: that token's
// fix), "Sign in to Claude Code again…", then a disabled line for each
// program those need that is missing ("claude is not installed — npm install
// -g @anthropic-ai/claude-code", "No terminal found — install xterm or set
// terminal in settings", and "openclaw is not installed — npm install -g
// openclaw …" while a local gateway token needs renewing), "Refresh now",
// "Notifications"
// (checkbox), "Notifications unavailable: <reason>" (only then) or a
// disabled note on where they come from (macOS: Script Editor), "Start at
// login" (checkbox; only when autostart is supported), "Open settings file",
// "Quit".
package tray

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/source"
	"github.com/authtray/authtray/core/sshdest"
)

// Kind is what clicking an item does.
type Kind string

const (
	None          Kind = ""
	Reauth        Kind = "reauth"      // run Args in a terminal
	Copy          Kind = "copy"        // copy Text to the clipboard
	OpenFolder    Kind = "open-folder" // open Path with the file manager
	Refresh       Kind = "refresh"     // re-scan now
	Notifications Kind = "notifications"
	Autostart     Kind = "autostart"
	OpenSettings  Kind = "open-settings"
	Quit          Kind = "quit"
)

// Action is what an item does when clicked.
type Action struct {
	Kind  Kind
	Args  []string // Reauth: the program and its arguments
	Title string   // Reauth: the terminal window's title
	// Remote is, for Reauth, the ssh destination Args run on (through
	// `ssh -t Remote -- Args…`); none runs them here.
	Remote sshdest.Dest
	// Env is, for Reauth, what the command needs set in its environment
	// ("CLAUDE_CONFIG_DIR=/home/u/work-claude"); see Argv.
	Env  []string
	Text string // Copy
	Path string // OpenFolder
}

// Item is one menu entry; Separator items carry nothing else.
type Item struct {
	Label     string
	Tooltip   string
	Enabled   bool
	Checkbox  bool
	Checked   bool
	Separator bool
	Action    Action
	Children  []Item
}

// Menu is everything the tray shows for one snapshot.
type Menu struct {
	State   profile.State // the icon's colour
	Tooltip string
	Title   string // beside the icon in the macOS menu bar
	Items   []Item
}

// Options are the facts besides the snapshot that shape the menu.
type Options struct {
	Now  time.Time // for relative texts; the snapshot's CheckedAt when zero
	Zone *time.Location
	Home string // shown as ~
	// GatewayCLI is the installed gateway command ("openclaw", "moltbot",
	// "clawdbot"), "" when none.
	GatewayCLI string
	// Clipboard is the clipboard program found ("xclip", "wl-copy",
	// "pbcopy"), "" when none.
	Clipboard     string
	Notifications bool
	// NotifyProblem says why notifications cannot be shown ("" when they can).
	NotifyProblem string
	// NotifyNote qualifies notifications that can be shown ("they come
	// from Script Editor" on macOS), "" when there is nothing to say.
	NotifyNote string
	// Autostart is nil when starting at login is not supported here.
	Autostart *bool
	// NoClaude and NoTerminal say that claude, or a terminal to run it in,
	// is not installed: the menu says so, with how to install it, before
	// anyone clicks.
	NoClaude, NoTerminal bool
	// HostClaudeDirs maps a host's name to its settings' claude_config_dir,
	// the dir a remote sign-in must name.
	HostClaudeDirs map[string]string
	// Secrets are masked in every label, tooltip and copied text (nil:
	// none known).
	Secrets *redact.Set
}

// Fixed labels, shared with the e2e suite.
const (
	LabelSetupToken = "Re-authenticate Claude (setup-token)…"
	LabelLogin      = "Sign in to Claude Code again…"
	LabelRefresh    = "Refresh now"
	LabelNotify     = "Notifications"
	LabelAutostart  = "Start at login"
	LabelSettings   = "Open settings file"
	LabelQuit       = "Quit"
	LabelRowReauth  = "Re-authenticate…"
	LabelRowLogin   = "Sign in again…"
	LabelRowCopy    = "Copy fix command"
	LabelRowFolder  = "Open folder"
	// LabelAskAgain reads a store again that refused access after asking
	// (a denied Keychain prompt): the label says it will ask.
	LabelAskAgain     = "Ask for Keychain access again…"
	askAgainTip       = "Reads the login now; macOS may show its Keychain prompt"
	noClipboardTip    = "Install xclip (X11) or wl-clipboard (Wayland) to copy"
	noCopyTip         = "The command holds characters that cannot be pasted safely"
	setupTokenTitle   = "authtray: claude setup-token"
	loginTitle        = "authtray: claude auth login"
	gatewayTokenTitle = "authtray: gateway setup-token"

	LabelNoClaude   = "claude is not installed — npm install -g @anthropic-ai/claude-code"
	LabelNoTerminal = "No terminal found — install xterm or set terminal in settings"
	// GatewayInstall is how to install the gateway CLI.
	GatewayInstall = "npm install -g openclaw"
	LabelNoGateway = "openclaw is not installed — " + GatewayInstall + " to store tokens in the gateway"
)

// ClaudeDirVar and ClaudeSecureDirVar name a Claude Code config dir other
// than ~/.claude.
const (
	ClaudeDirVar       = "CLAUDE_CONFIG_DIR"
	ClaudeSecureDirVar = "CLAUDE_SECURESTORAGE_CONFIG_DIR"
	// TokenVar would be used instead of a remote sign-in being renewed.
	TokenVar = "CLAUDE_CODE_OAUTH_TOKEN"
)

// Argv is the command a Reauth action runs, through env(1) so that no shell
// is needed here, on a host, or in a macOS .command file (whose login shell
// does not inherit this process's environment). Locally the tray's own
// config-dir variables are removed first: a CLAUDE_CONFIG_DIR the tray was
// started with must not redirect a sign-in meant for another dir. Env is
// then set. A remote command gets Env, and only CLAUDE_CODE_OAUTH_TOKEN
// removed (the terminal removes it locally): the host's environment is
// otherwise its own.
func (a Action) Argv() []string {
	if !a.Remote.IsZero() {
		return append(append([]string{"env", "-u", TokenVar}, a.Env...), a.Args...)
	}
	argv := []string{"env", "-u", ClaudeDirVar, "-u", ClaudeSecureDirVar}
	return append(append(argv, a.Env...), a.Args...)
}

var (
	setupTokenArgs = []string{"claude", "setup-token"}
	loginArgs      = []string{"claude", "auth", "login"}
)

// Build turns a snapshot into the menu.
func Build(s profile.Snapshot, o Options) Menu {
	if o.Now.IsZero() {
		o.Now = s.CheckedAt
	}
	m := Menu{State: s.Status, Tooltip: Tooltip(s, o), Title: Title(s, o)}
	add := func(it ...Item) { m.Items = append(m.Items, it...) }
	add(Item{Label: Verdict(s)})
	for _, n := range s.Notes {
		add(Item{Label: n})
	}
	add(Item{Separator: true})

	hosts := map[string]profile.Host{}
	failed := map[string]bool{}
	for _, h := range s.Hosts {
		hosts[h.Name] = h
	}
	// Each group is shown once, at its first row, with all its rows (as
	// the status table does).
	groups := profile.NewGroups(s.Profiles, o.Home)
	label := func(p profile.Profile) string { return groupLabel(p, groups) }
	ps := profile.ByGroup(s.Profiles, label)
	group := ""
	for _, p := range ps {
		if isHostRow(p) {
			failed[p.Host] = true
		}
		if g := label(p); g != group {
			if group != "" {
				add(Item{Separator: true})
			}
			group = g
			add(Item{Label: g})
		}
		add(row(p, o, hosts[p.Host]))
	}
	for _, h := range s.Hosts {
		if h.Reachable || failed[h.Name] {
			continue // a host's own row already says why
		}
		if group != "" {
			add(Item{Separator: true})
		}
		group = "host " + h.Name
		line := h.Name + " — unreachable: " + h.Error
		if h.Error == "" {
			// No rows and no failure: the first attempt is still running
			// (core/remote.Host before its first result).
			line = h.Name + " — connecting…"
		}
		add(Item{Label: "Host " + h.Name}, Item{Label: line})
	}
	if group != "" {
		add(Item{Separator: true})
	}

	add(Item{Label: LabelSetupToken, Enabled: true, Action: Action{Kind: Reauth, Args: setupTokenArgs, Title: setupTokenTitle}})
	if p, ok := gatewayTokenInUse(s); ok && o.GatewayCLI != "" {
		add(Item{Label: "Re-authenticate via " + o.GatewayCLI + " (stores the token in the gateway)…", Enabled: true,
			Action: Action{Kind: Reauth, Args: p.FixArgs, Title: gatewayTokenTitle, Env: p.FixEnv}})
	}
	add(Item{Label: LabelLogin, Enabled: true, Action: Action{Kind: Reauth, Args: loginArgs, Title: loginTitle}})
	if o.NoClaude {
		add(Item{Label: LabelNoClaude})
	}
	if o.NoTerminal {
		add(Item{Label: LabelNoTerminal})
	}
	if o.GatewayCLI == "" && gatewayNeedsUser(s) {
		add(Item{Label: LabelNoGateway})
	}
	add(Item{Separator: true})
	add(Item{Label: LabelRefresh, Enabled: true, Action: Action{Kind: Refresh}})
	add(Item{Label: LabelNotify, Enabled: true, Checkbox: true, Checked: o.Notifications, Action: Action{Kind: Notifications}})
	if o.NotifyProblem != "" {
		add(Item{Label: "Notifications unavailable: " + o.NotifyProblem})
	} else if o.NotifyNote != "" {
		add(Item{Label: o.NotifyNote})
	}
	if o.Autostart != nil {
		add(Item{Label: LabelAutostart, Enabled: true, Checkbox: true, Checked: *o.Autostart, Action: Action{Kind: Autostart}})
	}
	add(Item{Label: LabelSettings, Enabled: true, Action: Action{Kind: OpenSettings}})
	add(Item{Separator: true})
	add(Item{Label: LabelQuit, Enabled: true, Action: Action{Kind: Quit}})
	return clean(m, o.Secrets)
}

// gatewayTokenInUse is the local gateway's Anthropic token that a model
// in use selects (the first one, in the snapshot's order), whose fix
// renews it in place: claude setup-token, pasted into that profile.
func gatewayTokenInUse(s profile.Snapshot) (profile.Profile, bool) {
	for _, p := range s.Profiles {
		if p.Host == "" && p.Source == profile.Gateway && p.Kind == profile.Token && p.Provider == "anthropic" &&
			len(p.UsedBy) > 0 && len(p.FixArgs) > 0 && p.FixArgs[0] == "sh" {
			return p, true
		}
	}
	return profile.Profile{}, false
}

// gatewayNeedsUser reports whether a gateway credential on this machine
// needs renewing, which its CLI would store for the user.
func gatewayNeedsUser(s profile.Snapshot) bool {
	for _, p := range s.Profiles {
		if p.Host == "" && p.Source == profile.Gateway && p.NeedsAction() && p.State != profile.Error &&
			p.Kind != profile.APIKey && (p.Provider == "" || p.Provider == "anthropic") {
			return true
		}
	}
	return false
}

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
		it.Tooltip = tilde(p.Location, o.Home)
	}
	var subs []Item
	if p.AskAgain && p.Host == "" {
		// Nothing reads it in the background any more: only this (or
		// Refresh now) asks again.
		subs = append(subs, Item{Label: LabelAskAgain, Tooltip: askAgainTip, Enabled: true, Action: Action{Kind: Refresh}})
	}
	if p.NeedsAction() && p.State != profile.Error && p.State != profile.Unreachable {
		a, label, ok := fixAction(p, o)
		if p.Host != "" {
			a, label, ok = remoteFixAction(p, host, o.HostClaudeDirs[p.Host])
		}
		if ok {
			subs = append(subs, Item{Label: label, Enabled: true, Action: a})
		}
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

// fixAction is the terminal command that renews this profile's
// credential, as its source says (core/source): a sign-in for a login, the
// row's own fix where the gateway's CLI that runs it is installed, else a
// new setup-token.
func fixAction(p profile.Profile, o Options) (Action, string, bool) {
	r := source.Of(p.Source).Renew(p)
	switch {
	case r == profile.RenewLogin:
		// The row's own config dir: without its variable, `claude auth
		// login` would sign in ~/.claude (or the tray's CLAUDE_CONFIG_DIR).
		return Action{Kind: Reauth, Args: loginArgs, Title: loginTitle, Env: p.FixEnv}, LabelRowLogin, true
	case p.Kind == profile.APIKey:
		return Action{}, "", false // an API key is replaced in the console, not here
	case p.Provider != "" && p.Provider != "anthropic":
		return Action{}, "", false
	case r == profile.RenewFix && o.GatewayCLI != "" && len(p.FixArgs) > 0:
		// The row's own fix, word for word: its agent, its state dir.
		return Action{Kind: Reauth, Args: p.FixArgs, Title: gatewayTokenTitle, Env: p.FixEnv}, LabelRowReauth, true
	default:
		return Action{Kind: Reauth, Args: setupTokenArgs, Title: setupTokenTitle}, LabelRowReauth, true
	}
}

// remoteFixAction is the command that renews a remote profile's credential,
// run on its host through ssh in a local terminal. Only Anthropic
// credentials are renewed this way, as locally. claudeDir is the host's
// claude_config_dir setting.
func remoteFixAction(p profile.Profile, host profile.Host, claudeDir string) (Action, string, bool) {
	on := " on " + p.Host
	dest := host.Destination
	r := source.Of(p.Source).Renew(p)
	switch {
	case dest.IsZero() || p.Kind == profile.APIKey || (p.Provider != "" && p.Provider != "anthropic"):
		return Action{}, "", false
	case r == profile.RenewLogin && p.Kind == profile.OAuth:
		var env []string
		if dir := remoteClaudeDir(p, host, claudeDir); dir != "" {
			env = []string{ClaudeDirVar + "=" + dir}
		}
		return Action{Kind: Reauth, Args: loginArgs, Title: loginTitle + on, Remote: dest, Env: env}, LabelRowLogin, true
	case r == profile.RenewFix && len(p.FixArgs) > 0:
		// The row's own fix, run on the host: its agent, its state dir,
		// the CLI installed there (core/remote checked every word).
		return Action{Kind: Reauth, Args: p.FixArgs, Title: gatewayTokenTitle + on, Remote: dest, Env: p.FixEnv}, LabelRowReauth, true
	case r == profile.RenewFix:
		return Action{}, "", false // no command known to be right for it
	default:
		return Action{Kind: Reauth, Args: setupTokenArgs, Title: setupTokenTitle + on, Remote: dest}, LabelRowReauth, true
	}
}

// remoteClaudeDir is the config dir a remote Claude Code login lives in, ""
// for the host's ~/.claude. A host's authtray names other dirs in the id
// ("claude-code:~/work", read there with --claude-dir set to the host's
// claude_config_dir); without authtray, the one row `claude auth status`
// gives is for claude_config_dir when it is set. A "~/…" dir is kept as
// written: the ssh command expands it to the host's $HOME (see
// sshx.Command.Interactive).
func remoteClaudeDir(p profile.Profile, host profile.Host, claudeDir string) string {
	if dir, ok := strings.CutPrefix(p.ID, "claude-code:"); ok {
		if claudeDir != "" {
			return claudeDir
		}
		return dir
	}
	if host.Via != remote.ViaWatch && host.Via != remote.ViaStatus {
		return claudeDir
	}
	return ""
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

// Expiry is a row's text after the dash (see the package comment).
func Expiry(p profile.Profile, now time.Time, zone *time.Location) string {
	return expiry(p, now, zone, true)
}

func expiry(p profile.Profile, now time.Time, zone *time.Location, clock bool) string {
	pol := profile.Policy{Now: now, Zone: zone}
	at := func(t time.Time) string {
		if !clock {
			return ""
		}
		return " · " + pol.Clock(t)
	}
	var s string
	switch {
	case p.State == profile.Error:
		s = "unreadable: " + profile.LowerFirst(strings.TrimPrefix(p.Message, "Unreadable: "))
	case p.State == profile.Unreachable:
		s = "unreachable: " + profile.LowerFirst(p.Message)
	case p.State == profile.Missing:
		s = profile.LowerFirst(p.Message)
		if s == "" {
			s = "missing"
		}
	case p.Kind == profile.APIKey:
		s = "API key · no expiry"
	case p.Kind == profile.OAuth && p.CanRefresh:
		access := "access token refreshes on next use"
		if p.ExpiresAt != nil && p.ExpiresAt.After(now) {
			// A clock time, not a countdown: see schedule.Refresh.
			access = "access token valid until " + pol.Clock(*p.ExpiresAt) + ", then refreshes"
		}
		switch {
		case p.LoginEndsAt == nil:
			s = access
		case !p.LoginEndsAt.After(now):
			s = "login ended " + profile.Ago(now.Sub(*p.LoginEndsAt))
		case p.State == profile.Expiring:
			s = "login ends in " + profile.Span(p.LoginEndsAt.Sub(now)) + at(*p.LoginEndsAt)
		default:
			s = access + " · login ends in " + profile.Span(p.LoginEndsAt.Sub(now))
		}
	case p.ExpiresAt == nil:
		s = "expiry unknown"
	case !p.ExpiresAt.After(now):
		s = "expired " + profile.Ago(now.Sub(*p.ExpiresAt))
	default:
		s = "expires in " + profile.Span(p.ExpiresAt.Sub(now)) + at(*p.ExpiresAt)
	}
	if u := p.Unusable; u != nil {
		switch {
		case u.Until != nil && u.Until.After(now):
			s += " · " + orDefault(u.Kind, "unusable") + " until " + pol.Clock(*u.Until)
		case u.Until == nil:
			s += " · disabled by the gateway"
			if u.Reason != "" {
				s += " (" + u.Reason + ")"
			}
		}
	}
	if !p.Judged && clock {
		switch {
		case p.Note != "":
			s += " · " + p.Note
		case p.Source == profile.Gateway && len(p.UsedBy) == 0:
			s += " · not in use"
		}
	}
	return s
}

// Verdict is the header line.
func Verdict(s profile.Snapshot) string {
	if s.Status == profile.OK || s.Status == profile.Unknown {
		return "Claude auth OK"
	}
	counts := map[profile.State]int{}
	for _, p := range s.Profiles {
		if p.NeedsAction() {
			counts[p.State]++
		}
	}
	var parts []string
	for _, st := range []struct {
		s    profile.State
		word string
	}{{profile.Expired, "expired"}, {profile.Missing, "missing"}, {profile.Expiring, "expiring"}, {profile.Error, "unreadable"}, {profile.Unreachable, "unreachable"}} {
		if n := counts[st.s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st.word))
		}
	}
	if len(parts) == 0 {
		if s.Status == profile.Missing {
			return "Claude auth: no credentials found"
		}
		return "Claude auth: " + string(s.Status)
	}
	return "Claude auth: " + strings.Join(parts, ", ")
}

// Tooltip is the icon's hover text (see Title for the macOS menu bar):
// "Claude auth OK · next: login ends in 23 d" or, when something needs the
// user, the worst row in a few words ("anthropic:manual expires in 3 h"),
// with "(+N more)" when other rows need action too.
func Tooltip(s profile.Snapshot, o Options) string {
	now := o.Now
	if now.IsZero() {
		now = s.CheckedAt
	}
	var needs []profile.Profile
	for _, p := range s.Profiles {
		if p.NeedsAction() {
			needs = append(needs, p)
		}
	}
	if len(needs) == 0 {
		if s.Status == profile.Missing {
			return "Claude auth: no credentials found"
		}
		if s.Status != profile.OK && s.Status != profile.Unknown {
			return Verdict(s)
		}
		next, nextAt := nextDeadline(s, now)
		if next == nil {
			return "Claude auth OK"
		}
		if next.Kind == profile.OAuth && next.CanRefresh {
			return "Claude auth OK · next: login ends in " + profile.Span(nextAt.Sub(now))
		}
		return "Claude auth OK · next: " + Name(*next) + " expires in " + profile.Span(nextAt.Sub(now))
	}
	worst := needs[0]
	for _, p := range needs[1:] {
		if profile.Worse(p.State, worst.State) {
			worst = p
		}
	}
	t := Name(worst) + " " + expiry(worst, now, o.Zone, false)
	switch {
	case isHostRow(worst):
		t = worst.Host + " " + worst.Message
	case worst.State == profile.Missing:
		t = Name(worst) + ": " + expiry(worst, now, o.Zone, false)
	}
	if len(needs) > 1 {
		t += fmt.Sprintf(" (+%d more)", len(needs)-1)
	}
	return t
}

// Title is the text beside the icon in the macOS menu bar, never blank:
// "OK · 23 d" (the next deadline; "OK" when none), or, when something needs
// the user, the tooltip's words for it ("anthropic:manual expires in 3 h").
func Title(s profile.Snapshot, o Options) string {
	now := o.Now
	if now.IsZero() {
		now = s.CheckedAt
	}
	if s.Status != profile.OK && s.Status != profile.Unknown {
		return Tooltip(s, o)
	}
	if next, at := nextDeadline(s, now); next != nil {
		return "OK · " + profile.Span(at.Sub(now))
	}
	return "OK"
}

// nextDeadline is the judged profile whose deadline comes first after now.
func nextDeadline(s profile.Snapshot, now time.Time) (*profile.Profile, time.Time) {
	var next *profile.Profile
	var nextAt time.Time
	for i, p := range s.Profiles {
		if d, ok := p.Deadline(); ok && p.Judged && d.After(now) && (next == nil || d.Before(nextAt)) {
			next, nextAt = &s.Profiles[i], d
		}
	}
	return next, nextAt
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// tilde shortens a path under home to ~/…
func tilde(p, home string) string {
	if home == "" || !filepath.IsAbs(p) {
		return p
	}
	if p == home {
		return "~"
	}
	if rel, ok := strings.CutPrefix(p, home+string(filepath.Separator)); ok {
		return "~/" + rel
	}
	return p
}

// Package tray is the menu-bar app: a menu built from each snapshot, an icon
// whose colour is the worst state, and the actions behind the items.
//
// The pure part is Build (this file) and its pieces: the items (item.go),
// the options (options.go), a row and its group (row.go), a row's expiry
// text (expiry.go), its one-click renewal (actions.go), and the verdict,
// tooltip and title (header.go): snapshot → a tree of labels, actions and
// enabled flags. The end-to-end suite matches these labels over dbusmenu,
// so their formats are stable:
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
// folder". A row whose reminders were snoozed from a notification gets
// "Snoozed until 15:12 — cancel" after its fix, which ends the snooze.
// Unreadable rows get "Open folder". A row whose store refused
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
	"github.com/authtray/authtray/core/profile"
)

// Build turns a snapshot into the menu: the header, the rows by group,
// the hosts that gave none, then the fixed items.
func Build(s profile.Snapshot, o Options) Menu {
	if o.Now.IsZero() {
		o.Now = s.CheckedAt
	}
	m := Menu{State: s.Status, Tooltip: Tooltip(s, o), Title: Title(s, o)}
	m.add(Item{Label: Verdict(s)})
	for _, n := range s.Notes {
		m.add(Item{Label: n})
	}
	m.add(Item{Separator: true})
	if m.rows(s, o) {
		m.add(Item{Separator: true})
	}
	m.renewItems(s, o)
	m.add(Item{Separator: true})
	m.settingsItems(o)
	m.add(Item{Separator: true})
	m.add(Item{Label: LabelQuit, Enabled: true, Action: Action{Kind: Quit}})
	return clean(m, o.Secrets)
}

func (m *Menu) add(it ...Item) { m.Items = append(m.Items, it...) }

// rows adds every row under its group's heading, each group once, at its
// first row, with all its rows (as the status table does), then a line for
// each host that gave no row and none that says why. It reports whether
// it added any.
func (m *Menu) rows(s profile.Snapshot, o Options) bool {
	hosts := map[string]profile.Host{}
	for _, h := range s.Hosts {
		hosts[h.Name] = h
	}
	failed := map[string]bool{}
	groups := profile.NewGroups(s.Profiles, o.Home)
	label := func(p profile.Profile) string { return groupLabel(p, groups) }
	group := ""
	for _, p := range profile.ByGroup(s.Profiles, label) {
		if isHostRow(p) {
			failed[p.Host] = true
		}
		if g := label(p); g != group {
			if group != "" {
				m.add(Item{Separator: true})
			}
			group = g
			m.add(Item{Label: g})
		}
		m.add(row(p, o, hosts[p.Host]))
	}
	for _, h := range s.Hosts {
		if h.Reachable || failed[h.Name] {
			continue // a host's own row already says why
		}
		if group != "" {
			m.add(Item{Separator: true})
		}
		group = "host " + h.Name
		line := h.Name + " — unreachable: " + h.Error
		if h.Error == "" {
			// No rows and no failure: the first attempt is still running
			// (core/remote.Host before its first result).
			line = h.Name + " — connecting…"
		}
		m.add(Item{Label: "Host " + h.Name}, Item{Label: line})
	}
	return group != ""
}

// renewItems are the fixed re-authentication items, and a line for each
// program they need that is missing.
func (m *Menu) renewItems(s profile.Snapshot, o Options) {
	m.add(Item{Label: LabelSetupToken, Enabled: true, Action: Action{Kind: Reauth, Args: setupTokenArgs, Title: setupTokenTitle}})
	if p, ok := gatewayTokenInUse(s); ok && o.GatewayCLI != "" {
		m.add(Item{Label: "Re-authenticate via " + o.GatewayCLI + " (stores the token in the gateway)…", Enabled: true,
			Action: Action{Kind: Reauth, Args: p.FixArgs, Title: gatewayTokenTitle, Env: p.FixEnv}})
	}
	m.add(Item{Label: LabelLogin, Enabled: true, Action: Action{Kind: Reauth, Args: loginArgs, Title: loginTitle}})
	if o.NoClaude {
		m.add(Item{Label: LabelNoClaude})
	}
	if o.NoTerminal {
		m.add(Item{Label: LabelNoTerminal})
	}
	if o.GatewayCLI == "" && gatewayNeedsUser(s) {
		m.add(Item{Label: LabelNoGateway})
	}
}

// settingsItems are "Refresh now" and the tray's own settings.
func (m *Menu) settingsItems(o Options) {
	m.add(Item{Label: LabelRefresh, Enabled: true, Action: Action{Kind: Refresh}})
	m.add(Item{Label: LabelNotify, Enabled: true, Checkbox: true, Checked: o.Notifications, Action: Action{Kind: Notifications}})
	if o.NotifyProblem != "" {
		m.add(Item{Label: "Notifications unavailable: " + o.NotifyProblem})
	} else if o.NotifyNote != "" {
		m.add(Item{Label: o.NotifyNote})
	}
	if o.Autostart != nil {
		m.add(Item{Label: LabelAutostart, Enabled: true, Checkbox: true, Checked: *o.Autostart, Action: Action{Kind: Autostart}})
	}
	m.add(Item{Label: LabelSettings, Enabled: true, Action: Action{Kind: OpenSettings}})
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

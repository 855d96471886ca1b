package tray

import (
	"time"

	"github.com/authtray/authtray/core/redact"
)

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
	// Snoozed are the credentials whose reminders the user put off, until
	// when, by profile.Profile.Key (core/alert.Snoozes).
	Snoozed map[string]time.Time
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

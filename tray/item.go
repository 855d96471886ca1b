package tray

import (
	"github.com/authtray/authtray/core/profile"
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
	Unsnooze      Kind = "unsnooze" // end the snooze of Key
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
	// Key is, for Unsnooze, the credential slot (profile.Profile.Key).
	Key string
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

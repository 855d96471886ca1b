package tray

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/internal/atomicfile"
	"github.com/authtray/authtray/internal/lazyregexp"
)

// DefaultSettings is the settings file authtray writes when the user asks to
// open it and it does not exist yet: every setting, commented out at its
// default, so editing one is uncommenting a line.
const DefaultSettings = `# authtray settings. Delete a line (or this file) to get the default back.
# Durations: "90m", "6h", "2d".

# A credential is "expiring" this long before it ends (Claude Code logins
# always warn at least 10 days ahead).
# warn = "1d"

# Notify this long before expiry, and at expiry itself.
# notify_before = ["1d", "1h"]

# Desktop notifications on or off (also in the tray menu).
# notifications = true

# Extra Claude Code config dirs (a desktop app does not see CLAUDE_CONFIG_DIR).
# claude_config_dirs = ["~/.claude-work"]

# Extra OpenClaw gateway state dirs.
# gateway_state_dirs = ["~/.openclaw-dev"]

# Terminal for re-authentication ("" picks one): "kitty", "foot", "wezterm start --".
# terminal = ""

# Remote hosts whose gateway authtray watches over your own ssh.
# [[host]]
# name = "box"
# ssh = "me@box"
`

// EnsureSettings creates the settings file with commented defaults when it
// does not exist, and returns its path.
func EnsureSettings(path string) (string, error) {
	if _, err := os.Stat(path); err == nil {
		return path, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("settings file %s: %w", path, err)
	}
	return path, atomicfile.Write(path, []byte(DefaultSettings))
}

// Compiled at the first click, not in every start of the binary.
var (
	notificationsLine = lazyregexp.New(`(?m)^[ \t]*#?[ \t]*notifications[ \t]*=.*$`)
	tableHeader       = lazyregexp.New(`(?m)^[ \t]*\[`)
)

// SetNotifications writes "notifications = true|false" into the settings
// file, keeping everything else (comments included) as the user wrote it.
// The line is replaced where it is (even commented out), else added at the
// top, before any [[host]] table where a top-level key must not go.
func SetNotifications(path string, on bool) error {
	// fsys: a settings file swapped for a FIFO must not hang the click.
	data, err := fsys.OS{}.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read settings %s: %w", path, err)
	}
	line := fmt.Sprintf("notifications = %v", on)
	text := string(data)
	if loc := firstTopLevel(notificationsLine, text); loc != nil {
		text = text[:loc[0]] + line + text[loc[1]:]
	} else {
		text = line + "\n" + text
	}
	return atomicfile.Write(path, []byte(text))
}

// firstTopLevel finds re's first match before the first [table] header.
func firstTopLevel(re *lazyregexp.Regexp, text string) []int {
	end := len(text)
	if i := tableHeader.FindStringIndex(text); i != nil {
		end = i[0]
	}
	return re.FindStringIndex(text[:end])
}

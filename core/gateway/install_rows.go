package gateway

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/authtray/authtray/core/profile"
)

// The rows of an install that are not stored profiles: a file or setting
// that cannot be read, a repair for doctor --fix, a newer database.

// rowID names a row that is not a stored profile ("auth store", "config")
// so that no two share an id: the kind of row, then where it belongs, e.g.
// "auth store@.moltbot/main" (state dir, agent) or "config@.openclaw".
// Scripts key on ids.
func (ins *install) rowID(kind, agentID string) string {
	id := kind + "@" + filepath.Base(ins.dir.Path)
	if agentID != "" {
		id += "/" + agentID
	}
	return id
}

// errorRow adds a row for a file or setting that could not be read.
// Whether it counts is decided with the others (an install the gateway does
// not read never counts).
func (ins *install) errorRow(id, location, agentID, msg, fix string) {
	ins.rows = append(ins.rows, profile.Profile{
		ID: ins.rowID(id, agentID), Source: profile.Gateway, Location: location, Agent: agentID,
		State: profile.Error, Message: msg, Fix: fix, Judged: true,
	})
}

// brokenPathRow is a path that cannot be read at all (a directory or link
// loop where a file should be, permission denied): its fix looks at the
// path, since signing in again would not repair it.
func (ins *install) brokenPathRow(id, path, agentID, msg string) {
	ins.errorRow(id, path, agentID, msg, "")
	profile.Unreadable(&ins.rows[len(ins.rows)-1], path)
}

// doctorRow is an error row that the gateway's `doctor --fix` repairs, run
// with the variables that make the CLI find this install. Only as text
// (no FixArgs): it is a repair for a person to start on purpose, since it
// also refreshes OAuth profiles, not a click behind "Re-authenticate…".
func (ins *install) doctorRow(id, location, agentID, msg string) {
	ins.errorRow(id, location, agentID, msg, profile.ShellCommand(ins.fix.env, []string{ins.cli, "doctor", "--fix"}))
}

func (ins *install) dbErrorRow(path, agentID string, err error) {
	fix := ""
	switch {
	case errors.Is(err, errLocked) || errors.Is(err, errChanging) || errors.Is(err, errNoAnswer):
		fix = "authtray status"
	case strings.HasSuffix(err.Error(), "permission denied"):
		fix = lsFix(path)
	}
	ins.errorRow("auth store", path, agentID, "Gateway database "+path+" cannot be read: "+err.Error(), fix)
}

func (ins *install) unreadableRow(where, agentID string, err error) {
	ins.doctorRow("auth store", where, agentID, "Auth profile store "+where+" is unreadable; run "+migrationFix+" ("+err.Error()+")")
}

// legacyUnreadableRow is a live auth-profiles.json (no database beside it)
// that does not parse. The gateway rewrites it by rename, but older versions
// wrote it in place, so an empty or truncated file is most often a write in
// progress: the sentence says to look again first. The fix names the
// install's own CLI; `doctor --fix` is the repair, not the first step (it
// refreshes OAuth tokens, spending single-use refresh tokens).
func (ins *install) legacyUnreadableRow(where, agentID string, err error) {
	ins.doctorRow("auth store", where, agentID, "Auth profile store "+where+" is unreadable ("+err.Error()+"); a file being written looks like this for a moment, so check again before repairing it")
}

// ignoredStateRow notes a runtime-state row (order, lastGood, usageStats)
// that is not a JSON object. The gateway reads it as no state at all
// (coerceAuthProfileState; an unparsable cell is "unreadable" and dropped),
// so its profiles are still used, in their default order, with no
// cooldown: the row says so and does not fail the verdict by itself.
func (ins *install) ignoredStateRow(where, agentID string, err error) {
	ins.rows = append(ins.rows, profile.Profile{
		ID: ins.rowID("auth state", agentID), Source: profile.Gateway, Location: where, Agent: agentID, State: profile.Unknown,
		Message: "Runtime state " + where + " is unreadable (" + err.Error() + "); the gateway ignores it, so no order or cooldown of it applies",
	})
}

// newerRow notes a database written by a newer gateway. It is read as far as
// it can be and does not fail the verdict by itself.
func (ins *install) newerRow(path, agentID string, have, known int) {
	ins.rows = append(ins.rows, profile.Profile{
		ID: ins.rowID("database version", agentID), Source: profile.Gateway, Location: path, Agent: agentID, State: profile.Unknown,
		Message: fmt.Sprintf("The gateway is newer than this authtray knows (database version %d, known %d); rows read from it may be incomplete", have, known),
		Note:    "update authtray",
	})
}

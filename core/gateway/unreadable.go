package gateway

import (
	"path/filepath"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// An unreadable store is "can't be read", never absence. A store that
// exists (or may: its directory cannot be looked into) and cannot be read —
// locked, corrupt, truncated, permission denied on the file, its -wal or
// its directory — gets one judged error row saying why. Every agent whose
// view of the profiles includes that store is then not judged at all: its
// view is incomplete, so which profile it would select is unknown. Judging
// what is left would invent a verdict: a synthetic "no usable credential"
// (a false missing, with a paste-token fix that would not help) or a
// profile the unread store would have overridden (a false ok or expired).
// The error row alone decides: grey, exit 1 under --check.

// notCountedUnreadable notes a profile left unjudged because a store its
// agents' views need cannot be read.
const notCountedUnreadable = "not counted: a gateway store it may be used with cannot be read"

// cannotLook adds the row for a store whose existence could not be checked:
// a directory on the way is unreadable, a link loop, a broken link.
func (ins *install) cannotLook(path, agentID string, err error) {
	ins.errorRow("auth store", path, agentID, "Gateway database "+path+" cannot be read: "+fsys.Reason(err), lsFix(path))
}

// lsFix shows the permissions of a database and its directory: the repair
// is there (a new login would not help, and removing a database loses the
// gateway's state).
func lsFix(path string) string {
	return "ls -ld " + profile.ShellQuote(filepath.Dir(path)) + " " + profile.ShellQuote(path)
}

// sharedFrom records that the shared store is a's own store (legacy-main),
// unless the state database already made it unreadable.
func (ins *install) sharedFrom(a *agent) {
	if ins.sharedUnreadable == "" {
		ins.sharedUnreadable = a.unreadable
	}
}

// unreadableView is where a's view of the profiles lacks a store that
// cannot be read ("" when its view is complete).
func (ins *install) unreadableView(a *agent) string {
	if a.unreadable != "" {
		return a.unreadable
	}
	return ins.sharedUnreadable
}

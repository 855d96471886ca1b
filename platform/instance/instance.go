// Package instance keeps a second tray from starting: two trays would show
// two icons, send every notification twice and race on the ledger.
package instance

import (
	"errors"
	"path/filepath"
)

// ErrRunning means another process holds the lock: a tray is running.
var ErrRunning = errors.New("authtray is already running")

// LockFile is the lock's name in the state dir.
const LockFile = "tray.lock"

// Lock takes the tray's lock in dir (created if needed) and returns its
// release. The lock is the kernel's (flock), so it ends with the process,
// however it ends: a crashed tray never leaves a stale lock behind.
func Lock(dir string) (release func(), err error) {
	return lock(filepath.Join(dir, LockFile))
}

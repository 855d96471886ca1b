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
	return lock(filepath.Join(dir, LockFile), false)
}

// PushLockFile is the lock of the one process per user that sends push
// alerts: a tray and `authtray watch` running side by side would send
// each alert twice.
const PushLockFile = "push.lock"

// LockPush takes the push lock in dir, or returns ErrRunning with the pid of
// the process that holds it (0 when it cannot be read).
func LockPush(dir string) (release func(), holderPID int, err error) {
	path := filepath.Join(dir, PushLockFile)
	release, err = lock(path, false)
	if errors.Is(err, ErrRunning) {
		return nil, holder(path), err
	}
	return release, 0, err
}

// WaitPush blocks until it holds the push lock in dir (its holder exited).
// A waiter that is no longer wanted cannot be woken: it stays blocked until
// the process ends, or takes the lock and the caller releases it.
func WaitPush(dir string) (release func(), err error) {
	return lock(filepath.Join(dir, PushLockFile), true)
}

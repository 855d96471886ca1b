package main

import (
	"errors"
	"path/filepath"

	"github.com/authtray/authtray/platform/instance"
	"github.com/authtray/authtray/platform/paths"
)

// trayLock keeps one tray per user: a second would show a second icon and
// send every notification twice. claim (tray.App.Claim) takes the lock once
// the desktop checks pass, so a machine with no bus gets nothing written;
// release drops it. A lock that cannot be taken for another reason is said
// and not in the way.
func trayLock(logf func(string, ...any)) (claim func() bool, release func()) {
	var drop func()
	claim = func() bool {
		dir, err := paths.StateDir()
		if err != nil {
			return true
		}
		r, err := instance.Lock(dir)
		switch {
		case errors.Is(err, instance.ErrRunning):
			logf("already running (the tray's lock %s is held); not starting a second one.", filepath.Join(dir, instance.LockFile))
			return false
		case err != nil:
			logf("%v; a second tray would not be stopped.", err)
		default:
			drop = r
		}
		return true
	}
	release = func() {
		if drop != nil {
			drop()
		}
	}
	return claim, release
}

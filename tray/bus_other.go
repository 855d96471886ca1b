//go:build !linux

package tray

import "time"

// NoBusMessage is Linux-only in practice; macOS has no session bus to miss.
const NoBusMessage = "The tray can't start here; notifications and `authtray status` still work."

const NoWatcherMessage = ""

func checkDesktop(time.Duration) (bool, error) { return true, nil }

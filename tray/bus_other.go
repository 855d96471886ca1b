//go:build !linux

package tray

import "time"

// NoBusMessage is Linux-only in practice; macOS has no session bus to miss.
const NoBusMessage = "The tray can't start here; run `authtray status` in a terminal instead."

const NoWatcherMessage = ""

func checkDesktop(time.Duration) (bool, error) { return true, nil }

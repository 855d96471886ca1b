//go:build !linux && !darwin

package autostart

// Other systems get the freedesktop mechanisms (the BSDs run the same
// desktops as Linux).
const platform = "linux"

//go:build !linux

package notify

// Available is always true off Linux: macOS always has Notification Center
// (beeep reaches it through osascript or terminal-notifier).
func Available() (ok bool, reason string) { return true, "" }

// Checker is Available for the tray; see the Linux version.
type Checker struct{}

// NewChecker returns a Checker; changed is never called off Linux.
func NewChecker(changed func()) *Checker { return &Checker{} }

// Available is always true off Linux.
func (c *Checker) Available() (ok bool, reason string) { return Available() }

// Close does nothing off Linux.
func (c *Checker) Close() {}

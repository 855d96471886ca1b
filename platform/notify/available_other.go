//go:build !linux

package notify

// Available is always true off Linux: macOS always has Notification Center
// (beeep reaches it through osascript or terminal-notifier).
func Available() (ok bool, reason string) { return true, "" }

//go:build !linux

package notify

// bodyMarkup is false off Linux: macOS shows a notification's text as it
// is (osascript and terminal-notifier read no markup).
func bodyMarkup() bool { return false }

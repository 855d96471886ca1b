//go:build darwin

package notify

// Available reports whether a notification can be shown now, and if not,
// why (Script Editor may not notify). From the .app bundle notifications
// are authtray's own (UNUserNotificationCenter): macOS asks the user once,
// and a refusal is said when one is sent.
func Available() (ok bool, reason string) {
	if inBundle() {
		return true, ""
	}
	return currentRoute().showable()
}

// Checker is Available for the tray, with the menu's note on where
// notifications come from.
type Checker struct{}

// NewChecker returns a Checker; changed is never called on macOS (the
// route is looked at again every routeTTL instead).
func NewChecker(changed func()) *Checker { return &Checker{} }

// Available reports whether notifications can be shown, and if not, why.
func (c *Checker) Available() (ok bool, reason string) { return Available() }

// Note says where notifications come from when that needs saying ("" when
// not): Script Editor, whose switch in System Settings decides.
func (c *Checker) Note() string {
	if inBundle() {
		return ""
	}
	return currentRoute().note()
}

// Close does nothing on macOS.
func (c *Checker) Close() {}

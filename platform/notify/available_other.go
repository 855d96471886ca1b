//go:build !linux && !darwin

package notify

// Available is always true elsewhere (Windows: beeep's toast).
func Available() (ok bool, reason string) { return true, "" }

// Checker is Available for the tray; see the Linux version.
type Checker struct{}

// NewChecker returns a Checker; changed is never called here.
func NewChecker(changed func()) *Checker { return &Checker{} }

// Available is always true here.
func (c *Checker) Available() (ok bool, reason string) { return Available() }

// Close does nothing here.
func (c *Checker) Close() {}

// Note has nothing to add here.
func (c *Checker) Note() string { return "" }

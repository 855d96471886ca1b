//go:build !darwin && !linux

package notify

import "github.com/authtray/authtray/core/alert"

// osState: nothing to keep here.
type osState struct{}

// send posts through beeep (Windows: a toast), with no actions.
func (n *Notifier) send(m alert.Message) error { return n.plain(m) }

// show posts through beeep.
func show(summary, body string, icon any) error { return beeepShow(summary, body, icon) }

// Close does nothing here.
func (n *Notifier) Close() {}

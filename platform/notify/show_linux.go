//go:build linux

package notify

import (
	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/safetext"
)

// osState is the bus connection that sends notifications and hears their
// actions.
type osState struct{ bus actionBus }

// send posts m over the notifier's own bus connection, with actions when
// the server has them and m has a fix; if that cannot be done at all (no
// bus), it falls back to beeep, which also tries notify-send.
func (n *Notifier) send(m alert.Message) error {
	b := &n.os.bus
	caps, err := b.capabilities()
	if err != nil {
		return n.plain(m)
	}
	click := n.clickable(m, caps["actions"])
	body := cleanBody(m.Text(click), caps["body-markup"])
	var actions []string
	if click {
		actions = []string{ActionDefault, "Re-authenticate", ActionReauth, "Re-authenticate"}
		if m.Snoozable() {
			actions = append(actions, ActionSnooze1h, "Snooze 1 hour", ActionSnooze1d, "Snooze 1 day")
		}
	}
	var icon []byte
	if i, ok := n.iconFor(m.State).([]byte); ok {
		icon = i
	}
	_, handle := n.hooks()
	if err := b.notify(safetext.Summary(m.Summary), body, icon, actions, m, handle); err != nil {
		if perr := n.plain(m); perr != nil {
			return perr
		}
	}
	return nil
}

// show posts through beeep (the fallback path).
func show(summary, body string, icon any) error { return beeepShow(summary, body, icon) }

// Close drops the bus connection; the notifications already shown lose
// their actions.
func (n *Notifier) Close() { n.os.bus.close() }

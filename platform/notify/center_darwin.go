//go:build darwin

package notify

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/safetext"
)

// center posts through UNUserNotificationCenter (the cgo shim in
// center_darwin_cgo.go), which only works for a process running from an
// app bundle: its notifications are authtray's own, under the bundle's
// name and icon, with its actions. Actions come back through the shim's
// delegate to centerAction, by the id put in the notification's userInfo.
type center struct {
	mu    sync.Mutex
	sent  map[string]shown
	order []string
}

// shown is a notification with actions and who handles them.
type shown struct {
	m      alert.Message
	handle func(string, alert.Message)
}

// Categories the shim registers: a fix ("Re-authenticate"), and a reminder
// (that and the snoozes).
const (
	categoryFix      = "authtray.fix"
	categoryReminder = "authtray.reminder"
	maxInFlight      = 64
)

var (
	theCenter *center // the one center: the delegate is process-wide
	lastID    atomic.Uint64
)

// newCenter returns the center when authtray runs from its bundle, nil
// otherwise (or without cgo).
func newCenter() *center {
	if !inBundle() {
		return nil
	}
	theCenter = &center{sent: map[string]shown{}}
	setupCenter()
	return theCenter
}

// post shows m; with clickable its category carries the actions. A user
// who turned authtray's notifications off gets alert.ErrNotShown, so the
// notification is not recorded as sent.
func (c *center) post(m alert.Message, clickable bool, handle func(string, alert.Message)) error {
	if ok, known := authorized(); known && !ok {
		return fmt.Errorf("turn on System Settings → Notifications → authtray: %w", alert.ErrNotShown)
	}
	id := "authtray-" + strconv.FormatUint(lastID.Add(1), 10)
	category := ""
	if clickable && handle != nil {
		category = categoryFix
		if m.Snoozable() {
			category = categoryReminder
		}
		c.remember(id, shown{m, handle})
	}
	if err := postNotification(id, safetext.Summary(m.Summary), safetext.Line(m.Text(category != "")), category); err != nil {
		c.take(id)
		return fmt.Errorf("show notification: %w", err)
	}
	return nil
}

func (c *center) remember(id string, s shown) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent[id] = s
	c.order = append(c.order, id)
	for len(c.order) > maxInFlight {
		delete(c.sent, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *center) take(id string) (shown, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sent[id]
	delete(c.sent, id)
	return s, ok
}

// centerAction is the shim's delegate calling back: the user clicked the
// notification ("default") or one of its actions.
func centerAction(id, action string) {
	c := theCenter
	if c == nil {
		return
	}
	if s, ok := c.take(id); ok {
		go s.handle(action, s.m)
	}
}

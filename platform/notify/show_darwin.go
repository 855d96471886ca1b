//go:build darwin

package notify

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/authtray/authtray/core/alert"
)

// osState is the notification center, when authtray runs from its .app
// bundle (built with cgo); nil otherwise.
type osState struct {
	once   sync.Once
	center *center
}

// send posts through UNUserNotificationCenter when authtray runs from its
// bundle, with a "Re-authenticate" action (and snoozes on a reminder);
// otherwise as before the bundle (show), with the short fix text.
func (n *Notifier) send(m alert.Message) error {
	n.os.once.Do(func() { n.os.center = newCenter() })
	if c := n.os.center; c != nil {
		_, handle := n.hooks()
		return c.post(m, n.clickable(m, true), handle)
	}
	return n.plain(m)
}

// Close does nothing on macOS: the center lives as long as the process.
func (n *Notifier) Close() {}

// show posts through terminal-notifier (beeep) when it is installed, its
// own app; else through osascript, as Script Editor, and only when Script
// Editor may notify: otherwise the notification could not be shown, and
// the error (alert.ErrNotShown) keeps it from being recorded as sent.
// osascript's own error is kept whole.
func show(summary, body string, icon any) error {
	r := currentRoute()
	if ok, why := r.showable(); !ok {
		return fmt.Errorf("%s: %w", why, alert.ErrNotShown)
	}
	if r.terminalNotifier {
		if err := beeepNotify(summary, body, icon); err != nil {
			return fmt.Errorf("show notification: %w", err)
		}
		return nil
	}
	return runOsascript(summary, body)
}

// runOsascript posts one notification, with osascript's stderr as the cause
// of a failure.
func runOsascript(title, body string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	argv := osascriptArgv(title, body)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		if len(msg) > 300 {
			msg = msg[:300]
		}
		if msg != "" {
			return fmt.Errorf("show notification: osascript: %w: %s", err, msg)
		}
		return fmt.Errorf("show notification: osascript: %w", err)
	}
	return nil
}

// routeTTL is how long a route is trusted: the menu and every notification
// ask, and a switch flipped in System Settings shows within this time.
const routeTTL = 30 * time.Second

var routes struct {
	mu sync.Mutex
	r  route
	at time.Time
}

// currentRoute is how a notification would be shown now (cached routeTTL).
func currentRoute() route {
	routes.mu.Lock()
	defer routes.mu.Unlock()
	if !routes.at.IsZero() && time.Since(routes.at) < routeTTL {
		return routes.r
	}
	routes.r, routes.at = lookRoute(), time.Now()
	return routes.r
}

// lookRoute gathers the facts: terminal-notifier on PATH (where beeep looks
// for it), Script Editor's switch in com.apple.ncprefs, the macOS version.
func lookRoute() route {
	var r route
	if _, err := exec.LookPath("terminal-notifier"); err == nil {
		r.terminalNotifier = true
		return r
	}
	r.scriptEditor = permUnknown
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "/usr/bin/defaults", "export", "com.apple.ncprefs", "-").Output(); err == nil {
		if p, err := ncprefsPermission(out, scriptEditorID); err == nil {
			r.scriptEditor = p
		}
	}
	if v, err := unix.Sysctl("kern.osproductversion"); err == nil {
		major, _, _ := strings.Cut(v, ".")
		r.major, _ = strconv.Atoi(major)
	}
	return r
}

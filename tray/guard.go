package tray

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/authtray/authtray/core/profile"
)

// guard runs f on the calling goroutine and turns a panic in it into one
// logged sentence, so that a bug in one click or one menu rebuild cannot take
// the tray down (a panic on any goroutine but Run's own would end the process
// with a stack trace in the session log). what names the work ("Rebuilding
// the menu"); the stack goes to the debug log. It reports whether f
// returned normally.
func (a *App) guard(logf func(string, ...any), what string, f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			logf("%s failed unexpectedly (%v); the tray keeps running.", what, r)
			a.debugf("%s", debug.Stack())
			ok = false
		}
	}()
	f()
	return true
}

// follow redraws the menu with apply for each snapshot from sub until ctx is
// done or sub is closed. A rebuild that panics is logged, and Forget makes
// the next snapshot redraw even an identical menu over the half-built one.
func (a *App) follow(ctx context.Context, sub <-chan profile.Snapshot, apply func(Menu), logf func(string, ...any)) {
	for {
		select {
		case <-ctx.Done():
			return
		case s, ok := <-sub:
			if !ok {
				return
			}
			if !a.guard(logf, "Rebuilding the menu", func() {
				if m, changed := a.Menu(s); changed {
					apply(m)
				}
			}) {
				a.Forget()
			}
		}
	}
}

// click runs a clicked item's action; a panic in it is logged, not fatal.
func (a *App) click(ctx context.Context, it Item, logf func(string, ...any)) {
	a.guard(logf, fmt.Sprintf("Clicking %q", it.Label), func() { a.Do(ctx, it) })
}

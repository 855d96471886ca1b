package keychain

import (
	"context"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/authtray/authtray/core/claude"
)

// Changes calls changed whenever one of the keychain items returned by
// items gets a new modification date. It watches the directory of the
// user's keychain files (kqueue through fsnotify, so nothing ticks) and, on
// any write there, compares the items' modification dates, which an
// attribute query returns without the secret: the secret is only read by
// the scan that changed triggers. It returns at once where there is no
// keychain, and when ctx ends.
func Changes(ctx context.Context, home string, items func() []claude.Item, changed func(), logf func(string, ...any)) {
	if len(items()) == 0 {
		return
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		logf("Keychain changes go unnoticed until the next refresh (%v).", err)
		return
	}
	defer w.Close()
	dir := filepath.Join(home, "Library", "Keychains")
	if err := w.Add(dir); err != nil {
		logf("Keychain changes go unnoticed until the next refresh (watch %s: %v).", dir, err)
		return
	}
	last, _ := lookAt(ctx, items(), ModTime, Locked)
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-w.Events:
			if !ok {
				return
			}
			// The keychain database is written in bursts; look once it settles.
			if debounce == nil {
				debounce = time.After(300 * time.Millisecond)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			logf("Watching the keychain: %v", err)
		case <-debounce:
			debounce = nil
			now, ok := lookAt(ctx, items(), ModTime, Locked)
			if !ok {
				continue // locked: the dates wait for an unlock
			}
			if differ(last, now) {
				changed()
			}
			last = now
		}
	}
}

// lookAt is the items' dates, unless the keychain is locked (ok false):
// a locked keychain is not asked about its items at all, since without
// cgo the query runs /usr/bin/security, which may show the unlock dialog.
// A lock state that cannot be told does not stop the look.
func lookAt(ctx context.Context, items []claude.Item, modTime func(context.Context, string, string) (time.Time, error), locked func(context.Context) (bool, error)) (map[claude.Item]time.Time, bool) {
	if l, err := locked(ctx); err == nil && l {
		return nil, false
	}
	return stamps(ctx, items, modTime), true
}

// stamps reads each item's modification date; an item that is missing or
// locked has the zero time, so appearing or disappearing counts as a change.
func stamps(ctx context.Context, items []claude.Item, modTime func(context.Context, string, string) (time.Time, error)) map[claude.Item]time.Time {
	out := make(map[claude.Item]time.Time, len(items))
	for _, it := range items {
		t, _ := modTime(ctx, it.Service, it.Account)
		out[it] = t
	}
	return out
}

func differ(a, b map[claude.Item]time.Time) bool {
	if len(a) != len(b) {
		return true
	}
	for k, t := range a {
		u, ok := b[k]
		if !ok || !u.Equal(t) {
			return true
		}
	}
	return false
}

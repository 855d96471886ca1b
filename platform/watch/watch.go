// Package watch is the file-system watcher behind the live view: fsnotify
// (inotify on Linux, kqueue on macOS) over a few directories. Errors are
// logged and never fatal; the loop falls back to a coarse re-check when a
// directory cannot be watched.
package watch

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// ErrLimit means the system's limit on watches is used up (inotify's
// max_user_watches, or too many open files for kqueue).
var ErrLimit = errors.New("the system's file-watch limit is reached (raise fs.inotify.max_user_watches)")

// Watcher watches directories and reports the path of anything that changes
// inside them: created, written, removed, renamed or re-permissioned.
// Credential files are replaced by rename, so watching the file itself would
// lose track of it; the directory sees every replacement.
type Watcher struct {
	w      *fsnotify.Watcher
	events chan string
	logf   func(string, ...any)
	done   chan struct{}
}

// New starts a watcher; logf receives one-line errors from the OS.
func New(logf func(string, ...any)) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("start file watcher: %w", limit(err))
	}
	if logf == nil {
		logf = func(string, ...any) {}
	}
	w := &Watcher{w: fw, events: make(chan string, 64), logf: logf, done: make(chan struct{})}
	go w.pump()
	return w, nil
}

// Add watches dir.
func (w *Watcher) Add(dir string) error {
	if err := w.w.Add(dir); err != nil {
		return fmt.Errorf("watch %s: %w", dir, limit(err))
	}
	return nil
}

// Remove stops watching dir.
func (w *Watcher) Remove(dir string) error {
	if err := w.w.Remove(dir); err != nil {
		return fmt.Errorf("unwatch %s: %w", dir, err)
	}
	return nil
}

// Events carries changed paths.
func (w *Watcher) Events() <-chan string { return w.events }

// Close stops the watcher.
func (w *Watcher) Close() error {
	err := w.w.Close()
	<-w.done
	return err
}

func (w *Watcher) pump() {
	defer close(w.done)
	// owed is non-nil while an event was dropped on a full buffer: the
	// reader filters events by file name, so a dropped one may be the one
	// that mattered, and "" (events were lost) is delivered once there is
	// room, so a scan still runs.
	var owed chan<- string
	for {
		select {
		case owed <- "":
			owed = nil
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if sqliteNoise(ev) {
				continue
			}
			select {
			case w.events <- ev.Name:
			default:
				owed = w.events
			}
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// The kernel lost events: a scan must still run.
				owed = w.events
			}
			w.logf("file watcher: %v", err)
		}
	}
}

// sqliteNoise reports the events SQLite causes for every reader, authtray's
// own read-only scans included: opening a WAL database chmods its -wal and
// -shm files and writes the -shm index. Passing them on would make each
// scan trigger the next. The gateway's changes still arrive as writes to the
// database or its -wal.
func sqliteNoise(ev fsnotify.Event) bool {
	if strings.HasSuffix(ev.Name, "-shm") {
		return true
	}
	return ev.Op == fsnotify.Chmod && strings.HasSuffix(ev.Name, "-wal")
}

// limit maps "no space left on device" (inotify's way of saying the watch
// limit is reached) and "too many open files" to ErrLimit.
func limit(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		return ErrLimit
	}
	return err
}

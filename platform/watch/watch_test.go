package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Real inotify: a file replaced by rename inside a watched dir is reported.
func TestRenameIsReported(t *testing.T) {
	dir, w := watching(t)
	tmp, final := filepath.Join(dir, ".credentials.json.tmp"), filepath.Join(dir, ".credentials.json")
	if err := os.WriteFile(tmp, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, final); err != nil {
		t.Fatal(err)
	}
	await(t, w, final, "event for the renamed file")
}

func TestAddMissingDirFails(t *testing.T) {
	w, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Add(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Fatal("watching a missing dir succeeded")
	}
}

func TestLimitMapping(t *testing.T) {
	for _, e := range []error{syscall.ENOSPC, fmt.Errorf("add: %w", syscall.EMFILE)} {
		if limit(e) != ErrLimit {
			t.Errorf("limit(%v) = %v, want ErrLimit", e, limit(e))
		}
	}
	if limit(syscall.ENOENT) == ErrLimit {
		t.Error("ENOENT is not the watch limit")
	}
}

func TestSQLiteNoise(t *testing.T) {
	for _, c := range []struct {
		ev    fsnotify.Event
		noise bool
	}{
		{fsnotify.Event{Name: "/s/openclaw.sqlite-shm", Op: fsnotify.Write}, true},
		{fsnotify.Event{Name: "/s/openclaw.sqlite-shm", Op: fsnotify.Chmod}, true},
		{fsnotify.Event{Name: "/s/openclaw.sqlite-wal", Op: fsnotify.Chmod}, true},
		{fsnotify.Event{Name: "/s/openclaw.sqlite-wal", Op: fsnotify.Write}, false},
		{fsnotify.Event{Name: "/s/openclaw.sqlite", Op: fsnotify.Write}, false},
		{fsnotify.Event{Name: "/c/.credentials.json", Op: fsnotify.Chmod}, false},
		{fsnotify.Event{Name: "/c/.credentials.json", Op: fsnotify.Create}, false},
	} {
		if got := sqliteNoise(c.ev); got != c.noise {
			t.Errorf("sqliteNoise(%s %s) = %v, want %v", c.ev.Op, c.ev.Name, got, c.noise)
		}
	}
}

// Real inotify: more events than the buffer holds end in "" (events were
// lost), since the reader filters by name and the dropped one may matter.
func TestFullBufferOwesALostEvent(t *testing.T) {
	dir, w := watching(t)
	for i := range 200 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprint("f", i)), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(200 * time.Millisecond) // real kernel events: let the pump fill the buffer
	await(t, w, "", "lost-events marker after a full buffer")
}

// watching is a real watcher of a fresh dir, closed when the test ends.
func watching(t *testing.T) (dir string, w *Watcher) {
	dir = t.TempDir()
	w, err := New(t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if err := w.Add(dir); err != nil {
		t.Fatal(err)
	}
	return dir, w
}

// await waits for the event want (what, for the failure) from w.
func await(t *testing.T, w *Watcher, want, what string) {
	t.Helper()
	deadline := time.After(5 * time.Second) // real kernel events: a deadline, not logic
	for {
		select {
		case p := <-w.Events():
			if p == want {
				return
			}
		case <-deadline:
			t.Fatalf("no %s within 5 s", what)
		}
	}
}

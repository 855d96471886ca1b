package fsys

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestFIFOSwapRace swaps a real credentials file and a real FIFO back and
// forth under the reader, as fast as rename allows, while it reads again
// and again. Each read must come back — with the file's bytes or "not a
// regular file" — however the swaps fall between its steps: a reader that
// stats the path and then opens it blocks for good the first time the
// FIFO lands in between.
func TestFIFOSwapRace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".credentials.json")
	file, fifo := filepath.Join(dir, "file"), filepath.Join(dir, "fifo")
	const content = `{"claudeAiOauth":{"accessToken":""}}`
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(file, path); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	swapped := make(chan struct{})
	go func() {
		defer close(swapped)
		// Two names take turns at path: the FIFO, then the file. (A
		// rename between two links of one file does nothing, so the turns
		// must alternate.)
		names := []string{fifo, file}
		for i := 0; !stop.Load(); i++ {
			os.Remove(path + ".new")
			if err := os.Link(names[i%2], path+".new"); err != nil {
				t.Error(err)
				return
			}
			if err := os.Rename(path+".new", path); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() { stop.Store(true); <-swapped }()

	var files, fifos int
	deadline := time.Now().Add(2 * time.Second)
	for i := 0; time.Now().Before(deadline) || files == 0 || fifos == 0; i++ {
		if i > 200000 {
			t.Fatalf("after %d reads: %d files, %d FIFOs seen", i, files, fifos)
		}
		err := within(t, path, func() error {
			b, err := (OS{}).ReadFile(path)
			if err == nil && string(b) != content {
				t.Errorf("read %q", b)
			}
			return err
		})
		switch {
		case err == nil:
			files++
		case Reason(err) == "not a regular file":
			fifos++
		case errors.Is(err, fs.ErrNotExist):
			// Between the link and the rename nothing is missing; a
			// platform whose rename is not atomic would show this.
			t.Fatalf("path missing during an atomic swap: %v", err)
		default:
			t.Fatalf("read: %v", err)
		}
	}
	t.Logf("%d reads of the file, %d of the FIFO", files, fifos)
}

// within runs read and fails the test if it has not returned after a few
// seconds; unblock then frees a reader stuck in a FIFO's open.
func within(t *testing.T, path string, read func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- read() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		unblock(path)
		t.Fatalf("reading %s blocked", path)
		return nil
	}
}

// unblock opens a FIFO for writing, which lets a reader blocked in its
// open go on (and then read end of file).
func unblock(path string) {
	for i := 0; i < 100; i++ {
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		time.Sleep(10 * time.Millisecond)
	}
}

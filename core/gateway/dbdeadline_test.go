package gateway

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestSwapToFIFOBeforeSQLiteOpens swaps the database for a FIFO after
// authtray looked at it and before SQLite opens it (which would wait for a
// writer for good): the read gives up at its deadline with a sentence, and
// the stuck open is released.
func TestSwapToFIFOBeforeSQLiteOpens(t *testing.T) {
	hm := newHome(t)
	hm.config(sonnet)
	path := hm.shared(okStore(1), "")
	oldHook, oldDeadline := testHookChecked, dbDeadline
	t.Cleanup(func() { testHookChecked, dbDeadline = oldHook, oldDeadline })
	dbDeadline = 300 * time.Millisecond
	testHookChecked = func(p string) {
		if p == path {
			os.Rename(path, path+".moved")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Error(err)
			}
		}
	}
	restore := func() {
		os.Remove(path)
		if err := os.Rename(path+".moved", path); err != nil {
			t.Fatal(err)
		}
	}
	for len(idle) > 0 { // no warm reader: the read below starts one
		<-idle
	}
	start := time.Now()
	_, err := readStateDB(context.Background(), path)
	if took := time.Since(start); err != errNoAnswer || took > 3*time.Second {
		t.Fatalf("err %v after %v, want errNoAnswer at the deadline", err, took)
	}
	// The abandoned read was let go: its goroutine finished it and waits
	// for the next.
	waitReleased(t)
	restore()
	s := hm.read("")
	waitReleased(t) // before the hook is put back: the read looked at it
	restore()
	if p, ok := row(s, "auth store"); !ok || p.State != profile.Error || !strings.Contains(p.Message, "did not answer") || p.Fix != "authtray status" {
		t.Errorf("row = %+v", p)
	}
	checkUnreadable(t, s, "", false)
}

// waitReleased waits for an abandoned read's goroutine to finish it and
// wait for the next read. It takes the goroutine from the pool and puts it
// back: receiving is what orders the goroutine's last look at the test hook
// before the test puts the hook back (len(idle) orders nothing).
func waitReleased(t *testing.T) {
	t.Helper()
	select {
	case r := <-idle:
		idle <- r
	case <-time.After(2 * time.Second):
		t.Fatal("the stuck open was not released")
	}
}

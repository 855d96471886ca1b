//go:build unix

package instance

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	release, err := Lock(dir)
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	// A second open of the file is a second lock holder, as a second
	// process would be.
	if _, err := Lock(dir); !errors.Is(err, ErrRunning) {
		t.Fatalf("second lock: %v, want ErrRunning", err)
	}
	release()
	again, err := Lock(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}

// A holder that dies leaves no stale lock: the kernel drops it.
func TestLockEndsWithTheProcess(t *testing.T) {
	if os.Getenv("INSTANCE_HOLD") != "" {
		if _, err := Lock(os.Getenv("INSTANCE_HOLD")); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("held\n")
		select {}
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=TestLockEndsWithTheProcess")
	cmd.Env = append(os.Environ(), "INSTANCE_HOLD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf) != "held\n" {
		cmd.Process.Kill()
		t.Fatalf("holder did not take the lock: %q, %v", buf, err)
	}
	if _, err := Lock(dir); !errors.Is(err, ErrRunning) {
		t.Errorf("while another process holds it: %v, want ErrRunning", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	release, err := Lock(dir)
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	release()
}

// The push lock names its holder, and a waiter takes it once the holder
// lets go.
func TestPushLock(t *testing.T) {
	dir := t.TempDir()
	release, _, err := LockPush(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, pid, err := LockPush(dir); !errors.Is(err, ErrRunning) || pid != os.Getpid() {
		t.Fatalf("second: pid %d, %v; want this pid and ErrRunning", pid, err)
	}
	got := make(chan func(), 1)
	go func() {
		r, err := WaitPush(dir)
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	select {
	case <-got:
		t.Fatal("WaitPush returned while the lock is held")
	case <-time.After(100 * time.Millisecond):
	}
	release()
	(<-got)()
}

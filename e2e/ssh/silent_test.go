package sshe2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/platform/sshx"
)

// TestSilentHost: a real sshd accepts the session and the far side never
// sends a line (its authtray hangs). After the answer timeout the host is
// "unreachable since …" with its own judged row, so the verdict is
// unreachable (exit 1 under --check), as a one-shot status read says; the
// local ssh is ended, not left waiting.
func TestSilentHost(t *testing.T) {
	r := newRig(t)
	home := filepath.Join(t.TempDir(), "remote-silent")
	bin := filepath.Join(home, ".local", "bin", "authtray")
	writeFile(t, bin, "#!/bin/sh\nexec sleep 600\n")
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	r.addHost("gw-silent", home)
	const timeout = 3 * time.Second
	w := r.watch(sshx.WatchConfig{
		Policy:        func() profile.Policy { return profile.Policy{Now: time.Now(), Zone: time.Local} },
		Poll:          time.Hour,
		AnswerTimeout: timeout,
		Backoff:       remote.Backoff{Min: time.Hour, Max: time.Hour},
	}, "silent")

	start := time.Now()
	sawSession, sawSSH := false, false
	for {
		sawSession = sawSession || hasSleepUnder(home)
		sawSSH = sawSSH || localSSH() > 0
		rows, hosts := w.Snapshot()
		if len(rows) > 0 {
			took := time.Since(start)
			last := rows[len(rows)-1]
			if hosts[0].Reachable || last.State != profile.Unreachable || !last.Judged || last.Message == "" {
				t.Fatalf("rows %+v hosts %+v", rows, hosts)
			}
			if profile.ExitCode(profile.Worst(rows)) != 1 {
				t.Errorf("verdict %s", profile.Worst(rows))
			}
			if took < timeout-100*time.Millisecond {
				t.Errorf("unreachable after %v, before the %v timeout", took, timeout)
			}
			t.Logf("%s after %v", last.Message, took)
			break
		}
		if time.Since(start) > timeout+15*time.Second {
			t.Fatalf("still no row for the silent host after %v", time.Since(start))
		}
		select {
		case <-w.Changed():
		case <-time.After(50 * time.Millisecond):
		}
	}
	if !sawSession || !sawSSH {
		t.Fatalf("the session was never seen: host's authtray running %v, local ssh %v", sawSession, sawSSH)
	}
	// The session was ended: no local ssh is left waiting on it. (The
	// host's own hanging process is the host's: without a TTY, sshd does
	// not signal it; a real authtray watch exits on the closed stdin.)
	deadline := time.Now().Add(10 * time.Second)
	for localSSH() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the local ssh of the silent session outlived it")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// localSSH counts this test's ssh client processes.
func localSSH() int {
	n := 0
	for _, pid := range descendants(os.Getpid()) {
		if exe, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "exe")); err == nil && filepath.Base(exe) == "ssh" {
			n++
		}
	}
	return n
}

// hasSleepUnder reports whether a sleep runs with HOME=home (the remote
// session's hanging authtray).
func hasSleepUnder(home string) bool {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || filepath.Base(exe) != "sleep" {
			continue
		}
		env, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if bytes.Contains(append([]byte{0}, env...), []byte("\x00HOME="+home+"\x00")) {
			return true
		}
	}
	return false
}

package power

import (
	"context"
	"testing"
	"time"
)

// The real timerfd; the machine's clock is never set here, so the
// cancellation itself is left to the kernel and the loop is tested with a
// fake channel (core/live). What is checked: arming for the future blocks,
// Close unblocks a waiting reader, and a timer that expires reads as "not a
// clock set".
func TestClockSetTimer(t *testing.T) {
	tm, err := newClockSetTimer()
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		set bool
		err error
	}
	done := make(chan result, 1)
	// The machine's own time sync may set the clock meanwhile (some VMs
	// step it many times a second): that is a real report, so arm again.
	for tries := 0; ; tries++ {
		if err := tm.arm(time.Now().Add(armAhead)); err != nil {
			t.Fatal(err)
		}
		go func() { set, err := tm.wait(); done <- result{set, err} }()
		select {
		case r := <-done:
			if r.err == nil && r.set && tries < 20 {
				t.Logf("the clock was set during the test; arming again")
				continue
			}
			t.Fatalf("wait returned set=%v err=%v with no clock change, the timer a year ahead", r.set, r.err)
		case <-time.After(100 * time.Millisecond): // real kernel: a short grace, not logic
		}
		break
	}
	if err := tm.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.err == nil {
			t.Fatal("wait after Close returned no error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not unblock wait")
	}
}

func TestClockSetTimerExpiry(t *testing.T) {
	tm, err := newClockSetTimer()
	if err != nil {
		t.Fatal(err)
	}
	defer tm.Close()
	// An instant in the past expires at once; re-arming works after it.
	for range 2 {
		if err := tm.arm(time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		set, err := tm.wait()
		if err != nil || set {
			t.Fatalf("expired timer: set=%v err=%v, want an expiry that is not a clock set", set, err)
		}
	}
}

func TestClockChangedStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	ch := ClockChanged(ctx)
	if ch == nil {
		t.Fatal("no clock-change source on Linux")
	}
	cancel()
	select {
	case <-ch:
		t.Fatal("a clock change reported without one")
	case <-time.After(50 * time.Millisecond):
	}
}

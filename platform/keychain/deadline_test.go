package keychain

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/authtray/authtray/core/claude"
)

// The query slot is a package-level channel, so this runs on the real clock
// (a synctest bubble cannot wait on a channel made outside it), with short
// deadlines.
func TestWithDeadline(t *testing.T) {
	want := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	quick := func() (time.Time, error) { return want, nil }
	if got, err := withDeadline(context.Background(), quick); err != nil || !got.Equal(want) {
		t.Fatalf("quick query: %v, %v", got, err)
	}

	release := make(chan struct{})
	returned := make(chan struct{})
	hang := func() (time.Time, error) { <-release; close(returned); return want, nil }
	within := func(d time.Duration) context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		t.Cleanup(cancel)
		return ctx
	}
	start := time.Now()
	if _, err := withDeadline(within(100*time.Millisecond), hang); !errors.Is(err, claude.ErrNoAnswer) {
		t.Fatalf("hung query: %v, want ErrNoAnswer", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("hung query returned after %v", d)
	}
	// While it hangs, the next call waits for the slot and gives up at its
	// own deadline, without starting another query.
	started := false
	if _, err := withDeadline(within(100*time.Millisecond), func() (time.Time, error) { started = true; return want, nil }); !errors.Is(err, claude.ErrNoAnswer) || started {
		t.Fatalf("call behind a hung query: %v (started %v), want ErrNoAnswer without a second query", err, started)
	}
	// A cancelled caller gets its own error, not a refusal.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := withDeadline(ctx, quick); !errors.Is(err, context.Canceled) || claude.Refused(err) {
		t.Fatalf("cancelled call: %v", err)
	}
	close(release)
	<-returned
	// The slot is free again once the hung query returns.
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := withDeadline(within(time.Second), quick)
		if err == nil && got.Equal(want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the hung query returned: %v, %v", got, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

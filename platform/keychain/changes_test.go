package keychain

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/authtray/authtray/core/claude"
)

func TestStampsDiffer(t *testing.T) {
	a := claude.Item{Service: "Claude Code-credentials", Account: "me"}
	b := claude.Item{Service: "Claude Code-credentials-1a2b3c4d", Account: "me"}
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	dates := map[claude.Item]time.Time{a: t0}
	modTime := func(_ context.Context, service, account string) (time.Time, error) {
		if d, ok := dates[claude.Item{Service: service, Account: account}]; ok {
			return d, nil
		}
		return time.Time{}, errors.New("not found")
	}
	ctx := context.Background()
	before := stamps(ctx, []claude.Item{a, b}, modTime)

	if differ(before, stamps(ctx, []claude.Item{a, b}, modTime)) {
		t.Error("nothing changed, but differ says so")
	}
	dates[a] = t0.Add(time.Second)
	if !differ(before, stamps(ctx, []claude.Item{a, b}, modTime)) {
		t.Error("a rewritten item went unnoticed")
	}
	dates[a] = t0
	dates[b] = t0
	if !differ(before, stamps(ctx, []claude.Item{a, b}, modTime)) {
		t.Error("an item that appeared went unnoticed")
	}
	if !differ(before, stamps(ctx, []claude.Item{a}, modTime)) {
		t.Error("a dropped item (config dirs changed) went unnoticed")
	}
}

func TestChangesWithoutKeychain(t *testing.T) {
	done := make(chan struct{})
	go func() {
		Changes(context.Background(), t.TempDir(), func() []claude.Item { return nil }, func() { t.Error("changed called") }, t.Logf)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Changes did not return at once without keychain items")
	}
}

func TestLookAtSkipsALockedKeychain(t *testing.T) {
	a := claude.Item{Service: "Claude Code-credentials", Account: "me"}
	queries := 0
	modTime := func(context.Context, string, string) (time.Time, error) { queries++; return time.Time{}, nil }
	for _, tt := range []struct {
		locked  bool
		err     error
		ok      bool
		queries int
	}{
		{locked: true, ok: false, queries: 0},
		{locked: false, ok: true, queries: 1},
		{err: errors.New("keychain status: OSStatus -25294"), ok: true, queries: 1},
	} {
		queries = 0
		_, ok := lookAt(context.Background(), []claude.Item{a}, modTime, func(context.Context) (bool, error) { return tt.locked, tt.err })
		if ok != tt.ok || queries != tt.queries {
			t.Errorf("locked %v (err %v): ok %v after %d queries, want %v after %d", tt.locked, tt.err, ok, queries, tt.ok, tt.queries)
		}
	}
}

package keychain

import (
	"context"
	"fmt"
	"time"

	"github.com/authtray/authtray/core/claude"
)

// queries holds the one Security.framework query allowed at a time: a call
// that never returns holds it, so calls after it fail at their deadline
// instead of piling up goroutines behind it.
var queries = make(chan struct{}, 1)

// withDeadline runs query, a call that takes no context, and returns at
// ctx's deadline (Timeout when it has none) whether or not query has
// returned; a late result is dropped.
func withDeadline(ctx context.Context, query func() (time.Time, error)) (time.Time, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, Timeout)
		defer cancel()
	}
	type result struct {
		t   time.Time
		err error
	}
	select {
	case queries <- struct{}{}:
	case <-ctx.Done():
		return time.Time{}, late(ctx, "an earlier keychain query has not returned")
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-queries }()
		t, err := query()
		done <- result{t, err}
	}()
	select {
	case r := <-done:
		return r.t, r.err
	case <-ctx.Done():
		return time.Time{}, late(ctx, "the keychain query did not return")
	}
}

// late is the error for a query given up on: ErrNoAnswer at a deadline,
// the context's own error when it was cancelled.
func late(ctx context.Context, what string) error {
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("%s in time: %w", what, claude.ErrNoAnswer)
	}
	return ctx.Err()
}

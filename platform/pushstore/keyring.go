package pushstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/zalando/go-keyring"
)

// Keyring is the part of go-keyring the store uses; tests fake it.
type Keyring interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// ErrNotFound is a keyring with no such item.
var ErrNotFound = keyring.ErrNotFound

type osKeyring struct{}

func (osKeyring) Set(service, user, secret string) error   { return keyring.Set(service, user, secret) }
func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// State is whether the keyring can be used now.
type State int

const (
	// Ready: a Secret Service (or the Keychain) answers and is unlocked,
	// or, for an interactive caller, may ask to be unlocked.
	Ready State = iota
	// Locked: there is a keyring, but reading it would prompt.
	Locked
	// Unavailable: there is a keyring, but it cannot be used now (it does
	// not answer, it has no default collection).
	Unavailable
	// Absent: no keyring on this host (no session bus, no Secret Service).
	Absent
)

// Availability is the keyring's state and, unless Ready, why, as the start
// of a sentence ("the keyring is locked").
type Availability struct {
	State State
	Why   string
}

// call runs f with ctx's deadline. go-keyring takes no context, and an
// unlock prompt waits for an answer forever: past the deadline the call is
// abandoned (its goroutine ends when the keyring answers, or with the
// process) and the caller goes on.
func call[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, clean(r.err)
	case <-ctx.Done():
		var zero T
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return zero, fmt.Errorf("the %s did not answer in time", KeyringName)
		}
		return zero, ctx.Err()
	}
}

func (s *Store) ringGet(ctx context.Context, name string) (string, error) {
	u, err := call(ctx, func() (string, error) { return s.ring.Get(ringService, name) })
	if errors.Is(err, ErrNotFound) {
		return "", fmt.Errorf("not in the %s; add it again", KeyringName)
	}
	if err != nil {
		return "", err
	}
	if _, err := checkURL(u); err != nil {
		return "", fmt.Errorf("the %s holds something that is not a push URL (%v); add it again", KeyringName, err)
	}
	return u, nil
}

func (s *Store) ringSet(ctx context.Context, name, url string) error {
	_, err := call(ctx, func() (struct{}, error) { return struct{}{}, s.ring.Set(ringService, name, url) })
	return err
}

func (s *Store) ringDelete(ctx context.Context, name string) error {
	_, err := call(ctx, func() (struct{}, error) { return struct{}{}, s.ring.Delete(ringService, name) })
	return err
}

package claude

import (
	"context"
	"sync"
	"time"
)

// KeychainCache lets a background view (the tray, `authtray watch`) notice a
// new keychain login by the items' modification dates alone, reading the
// secret only when one changed: each scan asks for the dates (attributes,
// no data), and an item whose date is what it was keeps its last result,
// failures included. What is kept is the row's facts (expiry, plan, which
// tokens exist), never a token or the item's data.
//
// A read can show a Keychain prompt: the unlock dialog of a locked keychain,
// or the access dialog of an item whose ACL does not trust /usr/bin/security.
// So a background scan (a wake, a keychain change, a config-dir event, a
// poll) never reads while the keychain is locked, and after a denied or
// unanswered prompt (Refused) never reads that item again, whatever its
// date, until the user asks: Invalidate ("Refresh now") makes the next read
// of each item a read the user asked for, which may prompt.
//
// Modification dates have a resolution of one second, so a second write in
// the same second as the one read leaves the date as it was: a read that
// close to the date is confirmed once more, ConfirmAfter later (Confirm
// asks for that scan).
type KeychainCache struct {
	// ModTime is the item's modification date (platform/keychain.ModTime);
	// ErrNotFound means no such item.
	ModTime func(ctx context.Context, service, account string) (time.Time, error)
	// Locked reports whether the keychain is locked (platform/keychain.
	// Locked), asked before any query in a background scan; nil: not
	// asked.
	Locked func(ctx context.Context) (bool, error)
	// Confirm asks for a scan of the keychain items (nil: none is asked).
	Confirm func()
	// Now is the clock (default time.Now); AfterFunc runs f after d
	// (default time.AfterFunc). Tests replace both.
	Now       func() time.Time
	AfterFunc func(d time.Duration, f func())

	mu      sync.Mutex
	entries map[Item]cachedItem
	// refused holds each item's denied or unanswered prompt, until
	// Invalidate.
	refused map[Item]error
	// askedAt is when Invalidate was called: each item's first read within
	// AskWindow of it is one the user asked for; asked holds the items read
	// since.
	askedAt time.Time
	asked   map[Item]bool
	// confirming is set while a confirmation scan is scheduled.
	confirming bool
}

// AskWindow bounds what one "Refresh now" covers: the reads right after
// it. An item that scan did not reach (an earlier name was found) is not
// left marked as asked for a background read long after.
const AskWindow = 30 * time.Second

// ConfirmAfter is how long after an item's modification date a read counts
// as final: a read within it may have missed a second write in the same
// second, and is made again once this long has passed.
const ConfirmAfter = 2 * time.Second

// cachedItem is one item's result and the modification date of every item
// reading it took (the item, and its overflow item when the login was
// moved out of it).
type cachedItem struct {
	stamps map[Item]time.Time
	found  bool
	login  login
	err    error
	// confirmAt is when a read made too close to the item's date is to be
	// made again (zero: the result is final).
	confirmAt time.Time
}

// Invalidate makes the next read of every item read the secret again, as a
// read the user asked for: it forgets the cached results and the refused
// prompts, and may prompt.
func (c *KeychainCache) Invalidate() {
	c.mu.Lock()
	c.entries, c.refused = nil, nil
	c.askedAt, c.asked = c.now(), map[Item]bool{}
	c.mu.Unlock()
}

// takeAsk reports whether this read of it is one the user asked for (the
// first since Invalidate), and counts it.
func (c *KeychainCache) takeAsk(it Item) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.askedAt.IsZero() || c.asked[it] || !c.now().Before(c.askedAt.Add(AskWindow)) {
		return false
	}
	c.asked[it] = true
	return true
}

func (c *KeychainCache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// locked reports whether a background scan must leave the keychain alone.
// A check that fails says nothing: the read goes ahead as before.
func (c *KeychainCache) locked(ctx context.Context) bool {
	if c.Locked == nil {
		return false
	}
	l, err := c.Locked(ctx)
	return err == nil && l
}

// stamp is the item's modification date; ok is false when there is none
// to go by (the query failed, or the date is unset).
func (c *KeychainCache) stamp(ctx context.Context, it Item) (time.Time, bool, error) {
	t, err := c.ModTime(ctx, it.Service, it.Account)
	if err != nil {
		return time.Time{}, false, err
	}
	return t, !t.IsZero(), nil
}

// lookup returns it's cached result when every item it was read from still
// has the same modification date, and the result needs no confirming now.
func (c *KeychainCache) lookup(ctx context.Context, it Item, t time.Time) (cachedItem, bool) {
	c.mu.Lock()
	e, ok := c.entries[it]
	c.mu.Unlock()
	if !ok || !e.stamps[it].Equal(t) {
		return cachedItem{}, false
	}
	if !e.confirmAt.IsZero() && !c.now().Before(e.confirmAt) {
		return cachedItem{}, false
	}
	for other, was := range e.stamps {
		if other == it {
			continue
		}
		if now, ok, _ := c.stamp(ctx, other); !ok || !now.Equal(was) {
			return cachedItem{}, false
		}
	}
	return e, true
}

func (c *KeychainCache) store(it Item, e cachedItem) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[Item]cachedItem{}
	}
	c.entries[it] = e
	c.mu.Unlock()
}

// forget drops an item that is gone, so that its return is read afresh.
func (c *KeychainCache) forget(it Item) {
	c.mu.Lock()
	delete(c.entries, it)
	c.mu.Unlock()
}

// refusal is the denied or unanswered prompt recorded for it, if any.
func (c *KeychainCache) refusal(it Item) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refused[it]
}

func (c *KeychainCache) refuse(it Item, err error) {
	c.mu.Lock()
	if c.refused == nil {
		c.refused = map[Item]error{}
	}
	c.refused[it] = err
	delete(c.entries, it)
	c.mu.Unlock()
}

// scheduleConfirm asks for one scan ConfirmAfter from now (one at a time:
// it re-reads every item due by then).
func (c *KeychainCache) scheduleConfirm() {
	if c.Confirm == nil {
		return
	}
	c.mu.Lock()
	if c.confirming {
		c.mu.Unlock()
		return
	}
	c.confirming = true
	c.mu.Unlock()
	after := c.AfterFunc
	if after == nil {
		after = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	after(ConfirmAfter, func() {
		c.mu.Lock()
		c.confirming = false
		c.mu.Unlock()
		c.Confirm()
	})
}

// stampingKeychain records which items a parse reads, for the cache's key.
type stampingKeychain struct {
	Keychain
	read []Item
}

func (s *stampingKeychain) Find(ctx context.Context, service, account string) ([]byte, error) {
	s.read = append(s.read, Item{service, account})
	return s.Keychain.Find(ctx, service, account)
}

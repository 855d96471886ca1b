package claude

import (
	"context"
	"errors"
	"sync"
	"time"
)

// KeychainCache lets a background view (the tray) notice a new keychain
// login by the items' modification dates alone, reading the secret only
// when one changed: each scan asks for the dates (attributes, no data), and
// an item whose date is what it was keeps its last parsed result. What is
// kept is the row's facts (expiry, plan, which tokens exist), never a token
// or the item's data. The first scan and every scan after Invalidate
// ("Refresh now") read the items for real.
type KeychainCache struct {
	// ModTime is the item's modification date (platform/keychain.ModTime);
	// ErrNotFound means no such item.
	ModTime func(ctx context.Context, service, account string) (time.Time, error)

	mu      sync.Mutex
	entries map[Item]cachedItem
}

// cachedItem is one item's parsed result and the modification date of
// every item reading it took (the item, and its overflow item when the
// login was moved out of it).
type cachedItem struct {
	stamps map[Item]time.Time
	login  login
	err    error
}

// Invalidate makes the next read of every item read the secret again.
func (c *KeychainCache) Invalidate() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}

// stamp is the item's modification date; ok is false when there is none
// to go by (the query failed, or the date is unset), and the item must be
// read.
func (c *KeychainCache) stamp(ctx context.Context, it Item) (time.Time, bool, error) {
	t, err := c.ModTime(ctx, it.Service, it.Account)
	if err != nil {
		return time.Time{}, false, err
	}
	return t, !t.IsZero(), nil
}

// lookup returns it's cached result when every item it was read from still
// has the same modification date.
func (c *KeychainCache) lookup(ctx context.Context, it Item, t time.Time) (cachedItem, bool) {
	c.mu.Lock()
	e, ok := c.entries[it]
	c.mu.Unlock()
	if !ok || !e.stamps[it].Equal(t) {
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

// stampingKeychain records which items a parse reads, for the cache's key.
type stampingKeychain struct {
	Keychain
	read []Item
}

func (s *stampingKeychain) Find(ctx context.Context, service, account string) ([]byte, error) {
	s.read = append(s.read, Item{service, account})
	return s.Keychain.Find(ctx, service, account)
}

// readItemCached is readItem through the cache: found is false when the
// item does not exist.
func readItemCached(ctx context.Context, in Input, it Item) (found bool, l login, err error) {
	c := in.KeychainCache
	t, stamped, serr := c.stamp(ctx, it)
	if errors.Is(serr, ErrNotFound) {
		// No item: nothing to read. (The date query says so without
		// touching the data, and a missing item has no secret.)
		c.forget(it)
		return false, login{}, nil
	}
	if stamped {
		if e, ok := c.lookup(ctx, it, t); ok {
			return true, e.login, e.err
		}
	}
	rec := &stampingKeychain{Keychain: in.Keychain}
	found, l, err = readItem(ctx, rec, it, in.Secrets)
	if !found || !stamped {
		return found, l, err
	}
	if errors.Is(err, ErrLocked) {
		return found, l, err // worth another try at the next scan
	}
	e := cachedItem{stamps: map[Item]time.Time{it: t}, login: l, err: err}
	for _, other := range rec.read[1:] {
		ot, ok, _ := c.stamp(ctx, other)
		if !ok {
			return found, l, err // an overflow item without a date: not cacheable
		}
		e.stamps[other] = ot
	}
	c.store(it, e)
	return found, l, err
}

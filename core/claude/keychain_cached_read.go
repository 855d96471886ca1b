package claude

import (
	"context"
	"errors"
	"time"
)

// readItemCached is readItem through the cache: found is false when the
// item does not exist or could not be read (err says why). The order is
// the point: a background scan asks nothing of a locked keychain, and reads
// no secret of an item whose prompt was refused, whose date is unchanged,
// or whose date could not be told because access to it was refused.
func readItemCached(ctx context.Context, in Input, it Item) (found bool, l login, err error) {
	c := in.KeychainCache
	asked := c.takeAsk(it)
	if asked {
		ctx = WithUserAsked(ctx)
	} else if c.locked(ctx) {
		return false, login{}, ErrLocked
	}
	t, stamped, serr := c.stamp(ctx, it)
	switch {
	case errors.Is(serr, ErrNotFound):
		// No item, so no secret to read (a refusal stays recorded: the
		// item's return is no reason to ask again).
		c.forget(it)
		return false, login{}, nil
	case !asked && c.refusal(it) != nil:
		return false, login{}, c.refusal(it)
	case stamped:
		if e, ok := c.lookup(ctx, it, t); ok {
			return e.found, e.login, e.err
		}
	case !asked && Refused(serr):
		c.refuse(it, serr)
		return false, login{}, serr
	case !asked && errors.Is(serr, ErrLocked):
		return false, login{}, ErrLocked
	}
	rec := &stampingKeychain{Keychain: in.Keychain}
	found, l, err = readItem(ctx, rec, it, in.Secrets)
	switch {
	case Refused(err):
		c.refuse(it, err)
		return found, l, err
	case errors.Is(err, ErrLocked), !stamped:
		// Locked: worth another try once unlocked. No date: nothing to
		// tell a change by, so nothing is kept.
		return found, l, err
	}
	e, ok := c.entry(ctx, it, t, rec.read)
	if !ok {
		return found, l, err // an overflow item without a date: not cacheable
	}
	e.found, e.login, e.err = found, l, err
	c.store(it, e)
	if !e.confirmAt.IsZero() {
		c.scheduleConfirm()
	}
	return found, l, err
}

// entry is the cache entry for a read of it (dated t) that read these
// items, without its result; ok is false when one of them has no date.
func (c *KeychainCache) entry(ctx context.Context, it Item, t time.Time, read []Item) (cachedItem, bool) {
	e := cachedItem{stamps: map[Item]time.Time{it: t}}
	latest := t
	for _, other := range read {
		if other == it {
			continue
		}
		ot, ok, _ := c.stamp(ctx, other)
		if !ok {
			return cachedItem{}, false
		}
		e.stamps[other] = ot
		if ot.After(latest) {
			latest = ot
		}
	}
	if c.now().Before(latest.Add(ConfirmAfter)) {
		e.confirmAt = latest.Add(ConfirmAfter)
	}
	return e, true
}

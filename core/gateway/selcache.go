package gateway

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"time"
)

// A model's selection is the same while the agent's view, the config's
// auth settings and where the clock stands among the view's times are:
// DBCache keeps it for as long.

// selKey is a model's selection (selectProfile): the agent's view (a store
// never changed once built, so its pointer is its content), the model,
// and the config's auth settings (authKey). The clock is not in the key:
// a kept selection holds only while the clock stays between the same two
// of the view's times (clockCell).
type selKey struct {
	view            *store
	provider, model string
	auth            string
}

// cachedSel is a selection and the clock (ms) from lo up to, not
// including, hi in which it holds.
type cachedSel struct {
	sel    selection
	lo, hi float64
	gen    uint64
}

// selected is selectProfile through the cache.
func (c *DBCache) selected(view *store, cfg config, auth, provider, model string, now time.Time) selection {
	if c == nil {
		return selectProfile(view, cfg, provider, model, now)
	}
	nowMs := float64(now.UnixMilli())
	k := selKey{view, provider, model, auth}
	c.mu.Lock()
	e, ok := c.sels[k]
	if ok && e.lo <= nowMs && nowMs < e.hi {
		e.gen = c.gen
		c.mu.Unlock()
		return e.sel
	}
	c.mu.Unlock()
	sel := selectProfile(view, cfg, provider, model, now)
	lo, hi := clockCell(view, nowMs)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sels == nil {
		c.sels = map[selKey]*cachedSel{}
	}
	c.sels[k] = &cachedSel{sel: sel, lo: lo, hi: hi, gen: c.gen}
	return sel
}

// clockCell is the span of the clock (ms), lo ≤ now < hi, in which no
// time of s is reached: every expiry, and every cooldown, disable and
// block end. selectProfile compares the clock with these alone, each as
// "now ≥ t" (an expiry reached, a window over), so its answer is the same
// anywhere in the span.
func clockCell(s *store, nowMs float64) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	at := func(t float64) {
		if t <= nowMs {
			lo = max(lo, t)
		} else {
			hi = min(hi, t)
		}
	}
	for _, c := range s.Profiles {
		if c.Expires != nil {
			at(*c.Expires)
		}
	}
	for _, u := range s.State.Usage {
		at(u.CooldownUntil)
		at(u.DisabledUntil)
		at(u.BlockedUntil)
	}
	return lo, hi
}

// authKey is the config's settings selectProfile reads (auth.profiles in
// their order, auth.order), each string with its length so that no two
// settings give the same key.
func (c config) authKey() string {
	var b []byte
	str := func(s string) {
		b = append(strconv.AppendInt(b, int64(len(s)), 10), ':')
		b = append(b, s...)
	}
	profiles := c.authProfiles()
	for _, id := range c.authProfileIDs() {
		str(id)
		str(profiles[id].Provider)
		str(profiles[id].Mode)
	}
	b = append(b, '|')
	order := c.authOrder()
	if order == nil {
		return string(b)
	}
	b = append(b, 'o')
	for _, p := range slices.Sorted(maps.Keys(order)) {
		str(p)
		b = strconv.AppendInt(b, int64(len(order[p])), 10)
		for _, id := range order[p] {
			str(id)
		}
	}
	return string(b)
}

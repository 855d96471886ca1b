package alert

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// SnoozeFile is the snoozes' name in the state dir, beside the ledger.
const SnoozeFile = "snooze.json"

// snoozeVersion changes only if the file changes meaning.
const snoozeVersion = 1

// Snoozes are the credentials whose reminders the user put off ("Snooze 1
// day" on a notification), each until a moment, keyed by Profile.Key (its
// slot, with the host). A snooze silences the reminders before a deadline
// only (see Message.Snoozable): the moment a credential stops working, or
// goes missing, is always said. Snoozed reminders are not recorded as
// sent, so when the snooze ends the most urgent one due then goes out,
// once. Persisted (atomically, through Store), so a restart keeps them.
// Safe for concurrent use.
type Snoozes struct {
	store Store
	now   func() time.Time
	// ended is called (from a timer) when a snooze ends by itself, so the
	// reminder due then goes out without waiting for another wake; may be
	// nil.
	ended func()

	mu     sync.Mutex
	loaded bool
	until  map[string]time.Time
	timer  *time.Timer
}

// NewSnoozes returns the snoozes kept in st; now is the clock (nil:
// time.Now). The file is read on first use.
func NewSnoozes(st Store, now func() time.Time, ended func()) *Snoozes {
	if now == nil {
		now = time.Now
	}
	return &Snoozes{store: st, now: now, ended: ended}
}

type snoozeEntry struct {
	Key   string    `json:"key"`
	Until time.Time `json:"until"`
}

type snoozeDoc struct {
	Version int           `json:"version"`
	Snoozes []snoozeEntry `json:"snoozes"`
}

// load reads the file once; a missing or corrupt one is no snoozes (the
// worst outcome is a reminder the user had put off). s.mu is held.
func (s *Snoozes) load() error {
	if s.loaded {
		return nil
	}
	s.loaded, s.until = true, map[string]time.Time{}
	b, err := s.store.Load()
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read snoozes: %w", err)
	}
	var doc snoozeDoc
	if err := json.Unmarshal(b, &doc); err != nil || doc.Version != snoozeVersion {
		return fmt.Errorf("snoozes file is corrupt or of an unknown version; starting without snoozes")
	}
	for _, e := range doc.Snoozes {
		s.until[e.Key] = e.Until
	}
	s.arm()
	return nil
}

// save writes the snoozes that have not ended. s.mu is held.
func (s *Snoozes) save() error {
	now := s.now()
	doc := snoozeDoc{Version: snoozeVersion, Snoozes: []snoozeEntry{}}
	for k, u := range s.until {
		if u.After(now) {
			doc.Snoozes = append(doc.Snoozes, snoozeEntry{k, u.UTC()})
		}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("encode snoozes: %w", err)
	}
	s.arm()
	return s.store.Save(append(b, '\n'))
}

// arm sets the timer for the first snooze to end. s.mu is held.
func (s *Snoozes) arm() {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if s.ended == nil {
		return
	}
	var first time.Time
	for _, u := range s.until {
		if first.IsZero() || u.Before(first) {
			first = u
		}
	}
	if first.IsZero() {
		return
	}
	s.timer = time.AfterFunc(max(first.Sub(s.now()), 0)+time.Second/4, s.fire)
}

// fire forgets the snoozes that ended and says so.
func (s *Snoozes) fire() {
	s.mu.Lock()
	now, gone := s.now(), false
	for k, u := range s.until {
		if !u.After(now) {
			delete(s.until, k)
			gone = true
		}
	}
	s.arm()
	s.mu.Unlock()
	if gone {
		s.ended()
	}
}

// Snooze puts p's reminders off for d and returns until when.
func (s *Snoozes) Snooze(p profile.Profile, d time.Duration) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.load()
	until := s.now().Add(d).Round(0)
	s.until[p.Key()] = until
	if serr := s.save(); serr != nil {
		return until, serr
	}
	return until, err
}

// Cancel ends the snooze of the credential slot key (Profile.Key).
func (s *Snoozes) Cancel(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.load()
	if _, ok := s.until[key]; !ok {
		return err
	}
	delete(s.until, key)
	if serr := s.save(); serr != nil {
		return serr
	}
	return err
}

// Until says until when p's reminders are snoozed, if they are.
func (s *Snoozes) Until(p profile.Profile) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.load()
	u, ok := s.until[p.Key()]
	if !ok || !u.After(s.now()) {
		return time.Time{}, false
	}
	return u, true
}

// Snoozed reports whether p's reminders are snoozed now (Config.Snoozed).
func (s *Snoozes) Snoozed(p profile.Profile) bool {
	_, ok := s.Until(p)
	return ok
}

// All returns the snoozes in force, by Profile.Key (for the menu).
func (s *Snoozes) All() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.load()
	now := s.now()
	out := map[string]time.Time{}
	for k, u := range s.until {
		if u.After(now) {
			out[k] = u
		}
	}
	return out
}

// Close stops the timer.
func (s *Snoozes) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}

// Snoozable reports whether the message is a reminder the user may put
// off: one before a deadline, not the deadline itself, a missing or
// unreadable credential, a "renewed", or authtray's own.
func (m Message) Snoozable() bool {
	switch m.Threshold {
	case "", atDeadline, isMissing, isError, Renewed:
		return false
	}
	return m.Fixable()
}

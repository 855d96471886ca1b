package claude

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// kcWorld is a keychain whose item dates, date-query failures and lock
// state a test sets, with a clock and the confirmations the cache asked for.
type kcWorld struct {
	kc          *fakeKeychain
	dates       map[string]time.Time // missing: ErrNotFound
	dateErr     map[string]error
	locked      bool
	lockErr     error
	clock       time.Time
	confirms    []func()
	dateQueries int
}

func (w *kcWorld) modTime(_ context.Context, service, account string) (time.Time, error) {
	w.dateQueries++
	key := service + "\x00" + account
	if err := w.dateErr[key]; err != nil {
		return time.Time{}, err
	}
	t, ok := w.dates[key]
	if !ok {
		return time.Time{}, ErrNotFound
	}
	return t, nil
}

func (w *kcWorld) cache() *KeychainCache {
	return &KeychainCache{
		ModTime:   w.modTime,
		Locked:    func(context.Context) (bool, error) { return w.locked, w.lockErr },
		Confirm:   func() {},
		Now:       func() time.Time { return w.clock },
		AfterFunc: func(_ time.Duration, f func()) { w.confirms = append(w.confirms, f) },
	}
}

// scan is one trigger's read: reads is how many secrets it read, asked how
// many of those were reads the user asked for.
type scan struct {
	trigger string // what caused it (a wake, a keychain change, …; "ask": the user)
	do      func(w *kcWorld)
	reads   int
	asked   int
	state   profile.State
	message string // a word the row's message (or note) must contain
	again   bool   // the row offers asking again
}

// background triggers: each is one scan without the user.
var background = []string{"wake", "keychain change", "config-dir event", "degraded-watch poll"}

// timeout is how platform/keychain reports a security that never answered.
var timeout = fmt.Errorf("security did not answer within 3s: %w", ErrNoAnswer)

func runScans(t *testing.T, w *kcWorld, fs fsys.Fake, scans []scan) {
	t.Helper()
	c := w.cache()
	in := Input{Home: home, Getenv: env("USER", "alice"), FS: fs, Keychain: w.kc, KeychainCache: c}
	for i, s := range scans {
		if s.do != nil {
			s.do(w)
		}
		if s.trigger == "ask" {
			c.Invalidate()
		}
		before, beforeAsked := secretReads(w.kc), w.kc.asked
		ps := Read(context.Background(), in)
		reads, asked := secretReads(w.kc)-before, w.kc.asked-beforeAsked
		if reads != s.reads || asked != s.asked {
			t.Errorf("scan %d (%s): %d secret reads (%d asked), want %d (%d)", i, s.trigger, reads, asked, s.reads, s.asked)
		}
		if len(ps) != 1 {
			t.Fatalf("scan %d: %d rows", i, len(ps))
		}
		p := ps[0]
		if p.State != s.state || !strings.Contains(p.Message+" "+p.Note, s.message) || p.AskAgain != s.again {
			t.Errorf("scan %d (%s): row %s %q (note %q, ask again %v), want %s with %q, ask again %v",
				i, s.trigger, p.State, p.Message, p.Note, p.AskAgain, s.state, s.message, s.again)
		}
	}
}

// backgroundScans are one scan per background trigger, each expecting no
// secret read and the same row; change moves the item's date first on the
// keychain-change trigger.
func backgroundScans(state profile.State, message string, again bool, change func(*kcWorld)) []scan {
	var out []scan
	for _, tr := range background {
		s := scan{trigger: tr, state: state, message: message, again: again}
		if tr == "keychain change" {
			s.do = change
		}
		out = append(out, s)
	}
	return out
}

func TestKeychainRefusalIsNotAskedAgain(t *testing.T) {
	main := Service + "\x00alice"
	t0 := now.Add(-time.Hour)
	rewrite := func(w *kcWorld) { w.dates[main] = w.dates[main].Add(time.Minute) }
	for _, refusal := range []struct {
		name string
		err  error
		word string
	}{
		{"exit 51 (denied)", ExitError(51), "denied"},
		{"exit 128 (cancelled)", ExitError(128), "denied"},
		{"timeout", timeout, "did not answer"},
	} {
		t.Run(refusal.name, func(t *testing.T) {
			w := &kcWorld{kc: &fakeKeychain{items: map[string]any{main: refusal.err}}, dates: map[string]time.Time{main: t0}, clock: now}
			scans := []scan{{trigger: "start", reads: 1, state: profile.Error, message: refusal.word, again: true}}
			// Every background trigger, and Claude Code rewriting the
			// item: not one more read, so not one more prompt.
			scans = append(scans, backgroundScans(profile.Error, refusal.word, true, rewrite)...)
			scans = append(scans,
				// The user asks: one read, marked as asked; refused again.
				scan{trigger: "ask", reads: 1, asked: 1, state: profile.Error, message: refusal.word, again: true},
				scan{trigger: "wake", state: profile.Error, message: refusal.word, again: true},
				// The user asks and allows it this time.
				scan{trigger: "ask", do: func(w *kcWorld) { w.kc.items[main] = creds(nil) }, reads: 1, asked: 1, state: judgedLater},
				scan{trigger: "wake", state: judgedLater},
				scan{trigger: "keychain change", do: rewrite, reads: 1, state: judgedLater},
			)
			runScans(t, w, fsys.Fake{}, scans)
		})
	}
}

func TestKeychainRefusalFallsBackToTheFile(t *testing.T) {
	main := Service + "\x00alice"
	w := &kcWorld{kc: &fakeKeychain{items: map[string]any{main: ExitError(51)}}, dates: map[string]time.Time{main: now.Add(-time.Hour)}, clock: now}
	fs := fsys.Fake{Files: map[string]string{home + "/.claude/" + CredentialsFile: creds(nil)}}
	scans := []scan{{trigger: "start", reads: 1, state: judgedLater, message: "denied; showing .credentials.json", again: true}}
	scans = append(scans, backgroundScans(judgedLater, "denied", true, nil)...)
	runScans(t, w, fs, scans)
}

func TestKeychainExitCodesAndDates(t *testing.T) {
	main := Service + "\x00alice"
	t0 := now.Add(-time.Hour)
	tests := []struct {
		name  string
		item  any // the secret read's answer
		world func(w *kcWorld)
		scans []scan
		// queries is the number of date queries all scans make (0: any).
		queries int
	}{
		{
			name: "exit 44 under a dated item: cached as missing until the date moves", item: ErrNotFound,
			scans: append(append([]scan{{trigger: "start", reads: 1, state: profile.Missing, message: "Not signed in"}},
				backgroundScans(profile.Missing, "Not signed in", false, nil)...),
				scan{trigger: "keychain change", do: func(w *kcWorld) { w.dates[main] = t0.Add(time.Second) }, reads: 1, state: profile.Missing}),
		},
		{
			// security could not show UI (ssh): no prompt, so reading
			// again when the keychain says it is unlocked costs nothing.
			name: "exit 36 with the keychain unlocked: read again", item: ErrLocked,
			scans: []scan{
				{trigger: "start", reads: 1, state: profile.Error, message: "locked"},
				{trigger: "wake", reads: 1, state: profile.Error, message: "locked"},
				{trigger: "wake", do: func(w *kcWorld) { w.kc.items[main] = creds(nil) }, reads: 1, state: judgedLater},
				{trigger: "wake", state: judgedLater},
			},
		},
		{
			name: "locked keychain: no query at all in the background", item: creds(nil),
			world: func(w *kcWorld) { w.locked = true }, queries: 2, // the asked read's and the wake's after it
			scans: append(append([]scan{{trigger: "start", state: profile.Error, message: "locked"}},
				backgroundScans(profile.Error, "locked", false, nil)...),
				// Refresh now may show the unlock dialog: the user asked,
				// and unlocked it there.
				scan{trigger: "ask", reads: 1, asked: 1, state: judgedLater, do: func(w *kcWorld) { w.locked = false }},
				scan{trigger: "wake", state: judgedLater},
				// Locked again (the screen locked): nothing is asked, and
				// the cached row is not passed off as confirmed.
				scan{trigger: "wake", do: func(w *kcWorld) { w.locked = true }, state: profile.Error, message: "locked"}),
		},
		{
			name: "lock state unknown: read as before", item: creds(nil),
			world: func(w *kcWorld) { w.lockErr = errors.New("security exited with status 1") },
			scans: []scan{{trigger: "start", reads: 1, state: judgedLater}, {trigger: "wake", state: judgedLater}},
		},
		{
			name: "date query says locked: no read", item: creds(nil),
			world: func(w *kcWorld) { w.dateErr = map[string]error{main: ErrLocked} },
			scans: []scan{
				{trigger: "start", state: profile.Error, message: "locked"},
				{trigger: "wake", state: profile.Error, message: "locked"},
				{trigger: "keychain change", do: func(w *kcWorld) { w.dateErr = nil }, reads: 1, state: judgedLater},
			},
		},
		{
			name: "date query denied: never read until asked", item: creds(nil),
			world: func(w *kcWorld) { w.dateErr = map[string]error{main: ErrDenied} },
			scans: append(append([]scan{{trigger: "start", state: profile.Error, message: "denied", again: true}},
				backgroundScans(profile.Error, "denied", true, func(w *kcWorld) { w.dateErr = nil })...),
				scan{trigger: "ask", reads: 1, asked: 1, state: judgedLater}),
		},
		{
			name: "date query unanswered: never read until asked", item: creds(nil),
			world: func(w *kcWorld) { w.dateErr = map[string]error{main: timeout} },
			scans: append(append([]scan{{trigger: "start", state: profile.Error, message: "did not answer", again: true}},
				backgroundScans(profile.Error, "did not answer", true, nil)...),
				scan{trigger: "ask", reads: 1, asked: 1, state: judgedLater}),
		},
		{
			// Nothing to tell a change by: the item is read (it read
			// without a prompt, or it would be refused) and nothing kept.
			name: "date query fails otherwise: read, not cached", item: creds(nil),
			world: func(w *kcWorld) {
				w.dateErr = map[string]error{main: errors.New("no modification date in the item's attributes")}
			},
			scans: []scan{{trigger: "start", reads: 1, state: judgedLater}, {trigger: "wake", reads: 1, state: judgedLater}},
		},
		{
			name: "date query fails otherwise after a refusal: no read", item: ExitError(128),
			world: func(w *kcWorld) {
				w.dateErr = map[string]error{main: errors.New("no modification date in the item's attributes")}
			},
			scans: append([]scan{{trigger: "start", reads: 1, state: profile.Error, message: "denied", again: true}},
				backgroundScans(profile.Error, "denied", true, nil)...),
		},
		{
			name: "item gone after a refusal, then back: still not read", item: ExitError(51),
			scans: []scan{
				{trigger: "start", reads: 1, state: profile.Error, message: "denied", again: true},
				{trigger: "keychain change", do: func(w *kcWorld) { delete(w.dates, main) }, state: profile.Missing},
				{trigger: "keychain change", do: func(w *kcWorld) { w.dates[main] = now }, state: profile.Error, message: "denied", again: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &kcWorld{kc: &fakeKeychain{items: map[string]any{main: tt.item}}, dates: map[string]time.Time{main: t0}, clock: now}
			if tt.world != nil {
				tt.world(w)
			}
			runScans(t, w, fsys.Fake{}, tt.scans)
			if tt.queries > 0 && w.dateQueries != tt.queries {
				t.Errorf("%d date queries, want %d", w.dateQueries, tt.queries)
			}
		})
	}
}

// A second write within the same second as the date leaves the date as
// it was: a read that close to the date is made once more, ~2 s later.
func TestKeychainConfirmsAReadCloseToTheDate(t *testing.T) {
	main := Service + "\x00alice"
	w := &kcWorld{kc: &fakeKeychain{items: map[string]any{main: creds(nil)}}, dates: map[string]time.Time{main: now.Add(-time.Hour)}, clock: now}
	c := w.cache()
	confirmed := 0
	c.Confirm = func() { confirmed++ }
	in := Input{Home: home, Getenv: env("USER", "alice"), FS: fsys.Fake{}, Keychain: w.kc, KeychainCache: c}
	reads := func() int {
		before := secretReads(w.kc)
		Read(context.Background(), in)
		return secretReads(w.kc) - before
	}
	if n := reads(); n != 1 || len(w.confirms) != 0 {
		t.Fatalf("first read of an old item: %d reads, %d confirmations asked; want 1, 0", n, len(w.confirms))
	}
	// Claude Code writes twice within one second; the first is read.
	w.dates[main] = now.Truncate(time.Second)
	w.clock = now.Truncate(time.Second).Add(400 * time.Millisecond)
	if n := reads(); n != 1 || len(w.confirms) != 1 {
		t.Fatalf("read of a fresh item: %d reads, %d confirmations asked; want 1, 1", n, len(w.confirms))
	}
	w.kc.items[main] = creds(map[string]any{"accessToken": nil, "refreshToken": nil}) // the second write, same date
	if n := reads(); n != 0 {
		t.Fatalf("a scan before the confirmation is due read %d secrets", n)
	}
	if n := reads(); n != 0 || len(w.confirms) != 1 {
		t.Fatalf("another early scan: %d reads, %d confirmations; want 0, still 1", n, len(w.confirms))
	}
	w.clock = w.dates[main].Add(ConfirmAfter)
	w.confirms[0]()
	if confirmed != 1 {
		t.Fatalf("Confirm called %d times, want 1", confirmed)
	}
	ps := Read(context.Background(), in)
	if ps[0].State != profile.Expired {
		t.Fatalf("after the confirmation the row is %s, want the second write's (expired)", ps[0].State)
	}
	if n := reads(); n != 0 || len(w.confirms) != 1 {
		t.Fatalf("after the confirmation: %d reads, %d confirmations; want 0, 1", n, len(w.confirms))
	}
}

// One "Refresh now" covers the reads right after it, not an item first
// reached by a background scan long after.
func TestKeychainAskCoversTheNextReadsOnly(t *testing.T) {
	// A user name outside Claude Code's alphabet: two accounts are tried,
	// claude-code-user first.
	first, second := Service+"\x00claude-code-user", Service+"\x00al ice"
	w := &kcWorld{kc: &fakeKeychain{items: map[string]any{first: creds(nil), second: creds(nil)}},
		dates: map[string]time.Time{first: now.Add(-time.Hour), second: now.Add(-time.Hour)}, clock: now}
	c := w.cache()
	in := Input{Home: home, Getenv: env("USER", "al ice"), FS: fsys.Fake{}, Keychain: w.kc, KeychainCache: c}
	c.Invalidate()
	Read(context.Background(), in) // reads the first name, found: stops there
	if w.kc.asked != 1 || len(w.kc.calls) != 1 {
		t.Fatalf("right after Refresh now: %d reads, %d asked; want 1, 1", len(w.kc.calls), w.kc.asked)
	}
	// Much later the first item is deleted: the scan reaches the second
	// name, in the background.
	delete(w.dates, first)
	w.clock = now.Add(AskWindow)
	Read(context.Background(), in)
	if len(w.kc.calls) != 2 || w.kc.asked != 1 {
		t.Fatalf("a background scan %v after the ask: %d reads, %d asked; want 2, still 1", AskWindow, len(w.kc.calls), w.kc.asked)
	}
}

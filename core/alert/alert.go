// Package alert decides which desktop notifications to send for a snapshot
// and remembers which it sent, so each is sent once.
//
// The rules:
//   - Thresholds, for every judged profile with a deadline (a static token's
//     expiry, the end of a refreshable login; never a self-refreshing access
//     token's expiry): the start of its warn window, each "notify before"
//     setting (default 24 h and 1 h), and the deadline itself.
//   - Once per credential per threshold, keyed by Profile.Key() (which
//     includes the host), Profile.Fingerprint and the threshold; never by
//     the credential. The ledger is persisted, so a restart never repeats a
//     notification, and a renewed credential (new fingerprint) starts fresh.
//   - When several thresholds have passed at once (authtray was not running,
//     the machine slept), only the most urgent is sent: a credential that is
//     already expired at startup gives one "expired" notification.
//   - A missing credential notifies once ("is missing"). A store that cannot
//     be read (state error) notifies once per distinct reason: it needs the
//     user just as much, and the reason is in the text.
//   - Unreachable remote hosts do not notify (a sleeping laptop or a network
//     change is not a credential problem), and their ledger entries are kept
//     until the host answers again. So are the entries of credentials whose
//     store is unreadable now (a locked or corrupt database, a row in state
//     error at the same place): once it reads again, what was already sent
//     is not sent again.
//   - A credential that was alarming (a notification was sent for it) and is
//     now ok gets one short "renewed" notification.
//   - A reminder before a deadline for a credential the user snoozed
//     (Config.Snoozed; see Snoozes) is neither sent nor recorded, so the
//     most urgent one due when the snooze ends goes out, once. The
//     deadline itself, a missing credential and an unreadable store are
//     said all the same.
//   - With notifications off nothing is sent and nothing is recorded.
//
// No text ever contains token bytes: only ids, agents, hosts, times, and the
// fix command.
package alert

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/core/schedule"
	"github.com/authtray/authtray/core/settings"
)

// Sender shows one notification (platform/notify implements it for the
// desktop). An error means the message was not shown, and it is not
// recorded as sent; ErrNotShown (wrapped) means it cannot be shown at all
// now.
type Sender interface {
	Send(m Message) error
}

// Message is one notification, as the policy decided it.
type Message struct {
	// State picks the icon: the colour of the credential's state.
	State   profile.State
	Summary string
	Body    string
	// Profile is the credential the message is about (zero for
	// authtray's own messages): a notification with actions runs its
	// fix, a push names it. Never its secret: profiles hold none.
	Profile profile.Profile
	// Threshold is the ledger's name of the moment ("1d", "1h",
	// "expired", "missing", "error", or Renewed); "" for authtray's own.
	Threshold string
}

// Renewed is the Threshold of a "renewed" message.
const Renewed = "renewed"

// ErrNotShown is a Sender's "this cannot have been shown" (macOS: the
// notification would come from Script Editor, which may not notify): the
// notification is not recorded as sent, so it goes out once it can be
// shown, and the reason is logged once, not at every update.
var ErrNotShown = errors.New("the notification cannot be shown")

// Config is what an Alerter needs; Sender and Store are required.
type Config struct {
	Sender Sender
	Store  Store
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Notify returns the "notify before" thresholds (default
	// settings.DefaultNotify: 24 h and 1 h).
	Notify func() []time.Duration
	// Enabled reports whether notifications are on (default: on).
	Enabled func() bool
	// Zone is for clock times in the text (default time.Local).
	Zone *time.Location
	// Logf prints one-line problems (never a secret); may be nil.
	Logf func(format string, args ...any)
	// SenderLogs says the Sender reports its own failures (a push
	// worker's one sentence per target), so a failed Send is not logged
	// again here; every other problem (the ledger's) still is.
	SenderLogs bool
	// Snoozed reports whether the user put p's reminders off (see
	// Snoozes); nil: none are. A snoozed reminder is neither sent nor
	// recorded, so the most urgent one due when the snooze ends goes out.
	Snoozed func(p profile.Profile) bool
	// Clean cleans (and masks) each text taken from a profile before it
	// is shortened to fit a bubble, so a cut never leaves half an escape
	// sequence or half a secret (default safetext.Line).
	Clean func(string) string
}

// Alerter sends the notifications a snapshot calls for. It implements
// core/live's Alerter.
type Alerter struct {
	cfg Config

	mu     sync.Mutex
	ledger *Ledger
	loaded bool
	// notShown is the last ErrNotShown reason logged.
	notShown string
}

// New returns an Alerter; the ledger is read on the first Update.
func New(cfg Config) *Alerter {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Notify == nil {
		cfg.Notify = settings.DefaultNotify
	}
	if cfg.Enabled == nil {
		cfg.Enabled = func() bool { return true }
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Clean == nil {
		cfg.Clean = safetext.Line
	}
	return &Alerter{cfg: cfg}
}

// Threshold names in the ledger. "Before" thresholds are named by their
// duration ("1d", "1h"); see thresholdName.
const (
	atDeadline = "expired"
	isMissing  = "missing"
	isError    = "error"
)

// due is one notification a profile calls for now.
type due struct {
	threshold string   // the most urgent threshold passed
	passed    []string // every threshold passed, recorded together
	before    time.Duration
	left      time.Duration
}

// Update sends what s calls for and records it.
func (a *Alerter) Update(s profile.Snapshot) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.loaded {
		l, err := LoadLedger(a.cfg.Store)
		if err != nil {
			a.cfg.Logf("notifications: %v; starting a fresh ledger", err)
		}
		a.ledger, a.loaded = l, true
	}
	now := a.cfg.Now()
	r := round{
		now: now, enabled: a.cfg.Enabled(), before: a.cfg.Notify(),
		pol: profile.Policy{Now: now, Warn: s.Warn, Zone: a.cfg.Zone},
	}
	offline := offlineHosts(s)
	changed := false
	live := map[string]bool{} // key+fingerprint pairs present now
	for _, p := range s.Profiles {
		if !p.Judged {
			continue
		}
		live[p.Key()+"\x00"+fingerprint(p)] = true
		if p.State == profile.Unreachable || offline[p.Host] {
			continue
		}
		if a.notify(p, r) {
			changed = true
		}
	}

	// Forget credentials that are gone, except on hosts and in stores we
	// cannot see.
	broken := brokenStores(s)
	if a.ledger.prune(func(e Entry) bool {
		return live[e.Key+"\x00"+e.Fingerprint] || offline[e.Host] || unseen(e, broken)
	}) {
		changed = true
	}
	if changed {
		if err := a.ledger.Save(a.cfg.Store); err != nil {
			a.cfg.Logf("notifications: %v", err)
		}
	}
}

// round is what one Update judges every profile with.
type round struct {
	now     time.Time
	enabled bool
	before  []time.Duration
	pol     profile.Policy
}

// notify sends what p calls for (a "renewed" for a replaced credential
// that was alarming, the most urgent threshold passed) and records it in
// the ledger; it reports whether the ledger changed.
func (a *Alerter) notify(p profile.Profile, r round) (changed bool) {
	key, fp := p.Key(), fingerprint(p)
	// A credential of this slot that we alarmed about has been replaced
	// (a slot that cannot be read now has not been).
	if old := a.ledger.others(key, fp); len(old) > 0 && p.State != profile.Error {
		if alarmed(old) && (p.State == profile.OK || p.State == profile.Unknown) && r.enabled {
			summary, body := renewedText(safetext.Walk(p, a.cfg.Clean))
			if a.send(Message{State: profile.OK, Summary: summary, Body: body, Profile: p, Threshold: Renewed}) {
				a.ledger.drop(key, fp)
				changed = true
			}
		} else {
			a.ledger.drop(key, fp)
			changed = true
		}
	}
	d, ok := dueFor(p, r.pol, r.before, r.now)
	if !ok || !r.enabled || a.ledger.has(key, fp, d.threshold) {
		return changed
	}
	summary, body := text(safetext.Walk(p, a.cfg.Clean), d, r.pol)
	m := Message{State: p.State, Summary: summary, Body: body, Profile: p, Threshold: d.threshold}
	if m.Snoozable() && a.cfg.Snoozed != nil && a.cfg.Snoozed(p) {
		return changed
	}
	if !a.send(m) {
		return changed
	}
	for _, th := range d.passed {
		a.ledger.add(Entry{Key: key, Host: p.Host, Fingerprint: fp, Threshold: th, SentAt: r.now.UTC()})
	}
	return true
}

// offlineHosts are the hosts that cannot be read now, by name and by
// destination.
func offlineHosts(s profile.Snapshot) map[string]bool {
	offline := map[string]bool{}
	for _, h := range s.Hosts {
		if !h.Reachable {
			offline[h.Name] = true
			offline[h.Destination.String()] = true
		}
	}
	return offline
}

// brokenStores are the stores that cannot be read now: the rows they would
// give are gone for the moment, not renewed.
func brokenStores(s profile.Snapshot) []place {
	var broken []place
	for _, p := range s.Profiles {
		if p.State == profile.Error && p.Location != "" {
			broken = append(broken, place{p.Host, p.Source, p.Location})
		}
	}
	return broken
}

// place is where a row was read: host, source and location.
type place struct {
	host     string
	source   profile.Source
	location string
}

// unseen reports whether e's credential was read from a store that cannot
// be read now: the same file (a database's rows are "<db>#<key>"), or a
// file under a state dir in error.
func unseen(e Entry, broken []place) bool {
	// Profile.Key is host, source, location, agent and id, NUL-separated.
	f := strings.Split(e.Key, "\x00")
	if len(f) < 3 {
		return false
	}
	host, source, file := f[0], profile.Source(f[1]), storeFile(f[2])
	for _, b := range broken {
		if b.host != host || b.source != source {
			continue
		}
		if bf := storeFile(b.location); file == bf || strings.HasPrefix(file, strings.TrimSuffix(bf, "/")+"/") {
			return true
		}
	}
	return false
}

// storeFile is the file part of a location: "<db>#<key>" names a row in db.
func storeFile(loc string) string {
	f, _, _ := strings.Cut(loc, "#")
	return f
}

// send reports whether the notification went out. A failed one is not
// recorded, so it is sent once the notification server is back.
func (a *Alerter) send(m Message) bool {
	err := a.cfg.Sender.Send(m)
	switch {
	case err != nil && a.cfg.SenderLogs:
		return false
	case errors.Is(err, ErrNotShown):
		if err.Error() != a.notShown {
			a.notShown = err.Error()
			a.cfg.Logf("notifications are not shown: %v", err)
		}
		return false
	case err != nil:
		a.cfg.Logf("notification %q not shown: %v", m.Summary, err)
		return false
	}
	a.notShown = ""
	return true
}

// dueFor returns the notification p calls for at now, if any.
func dueFor(p profile.Profile, pol profile.Policy, before []time.Duration, now time.Time) (due, bool) {
	switch p.State {
	case profile.Missing:
		return due{threshold: isMissing, passed: []string{isMissing}}, true
	case profile.Error:
		return due{threshold: isError, passed: []string{isError}}, true
	case profile.OK, profile.Unknown, profile.Unreachable:
		// OK can still be inside a custom "notify before" threshold that
		// is longer than the warn window; check the deadline below.
	}
	deadline, ok := p.Deadline()
	if !ok {
		return due{}, false
	}
	left := deadline.Sub(now)
	if left <= 0 {
		return due{threshold: atDeadline, passed: []string{atDeadline}, left: left}, true
	}
	var d due
	for _, m := range schedule.Notifications(p, pol, before) {
		if m.At.After(now) {
			continue
		}
		// Passed: the last one (they come earliest first) is the most urgent.
		d.threshold, d.before, d.left = thresholdName(m.Before), m.Before, left
		d.passed = append(d.passed, d.threshold)
	}
	return d, d.threshold != ""
}

// thresholdName is how the ledger names a "before" threshold: "1d", "1h".
func thresholdName(d time.Duration) string { return settings.Format(d) }

// fingerprint is the ledger's identity for p's current credential. A row
// in error has no credential to fingerprint; its reason stands in, so a
// different problem notifies again.
func fingerprint(p profile.Profile) string {
	if p.State == profile.Error {
		h := sha256.Sum256([]byte(p.Message))
		return "error:" + hex.EncodeToString(h[:8])
	}
	return p.Fingerprint
}

// alarmed reports whether any of these entries was a warning about the
// credential itself (not an unreadable store).
func alarmed(es []Entry) bool {
	for _, e := range es {
		if e.Threshold != isError {
			return true
		}
	}
	return false
}

package alert

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/sshdest"
)

const (
	h = time.Hour
	d = 24 * time.Hour
)

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// fakeSender records notifications; fail makes Send fail.
type fakeSender struct {
	sent   []string
	states []profile.State
	fail   bool
	// notShown is an ErrNotShown reason (macOS: Script Editor may not notify).
	notShown string
}

func (f *fakeSender) Send(m Message) error {
	if f.fail {
		return errors.New("beeep: dbus: The name org.freedesktop.Notifications was not provided by any .service files")
	}
	if f.notShown != "" {
		return fmt.Errorf("%s: %w", f.notShown, ErrNotShown)
	}
	f.sent = append(f.sent, m.Summary+" | "+m.Body)
	f.states = append(f.states, m.State)
	return nil
}

func (f *fakeSender) take() []string { s := f.sent; f.sent, f.states = nil, nil; return s }

// memStore is a Store in memory.
type memStore struct {
	b     []byte
	saves int
}

func (m *memStore) Load() ([]byte, error) {
	if m.b == nil {
		return nil, fs.ErrNotExist
	}
	return m.b, nil
}
func (m *memStore) Save(b []byte) error { m.b = append([]byte(nil), b...); m.saves++; return nil }

// rig is one Alerter with a settable clock.
type rig struct {
	now     time.Time
	sender  *fakeSender
	store   *memStore
	enabled bool
	before  []time.Duration
	a       *Alerter
	logs    []string
}

func newRig(store *memStore) *rig {
	r := &rig{now: t0, sender: &fakeSender{}, store: store, enabled: true, before: []time.Duration{d, h}}
	r.a = New(Config{
		Sender:  r.sender,
		Store:   store,
		Now:     func() time.Time { return r.now },
		Enabled: func() bool { return r.enabled },
		Notify:  func() []time.Duration { return r.before },
		Logf:    func(f string, args ...any) { r.logs = append(r.logs, fmt.Sprintf(f, args...)) },
	})
	return r
}

// update judges ps at the rig's clock, as the engine does, and feeds it.
func (r *rig) update(ps ...profile.Profile) {
	s := profile.Snapshot{Profiles: append([]profile.Profile(nil), ps...)}
	s.Finish(profile.Policy{Now: r.now, Zone: time.UTC})
	r.a.Update(s)
}

func token(id, fp string, left time.Duration) profile.Profile {
	return profile.Profile{
		ID: id, Provider: "anthropic", Kind: profile.Token, Source: profile.Gateway,
		Location: "/s/agents/main/agent/auth-profiles.json", Agent: "main",
		ExpiresAt: profile.Time(t0.Add(left)), Judged: true, Fingerprint: fp,
		Fix: "claude setup-token",
	}
}

func TestThresholdsOncePerCredential(t *testing.T) {
	r := newRig(&memStore{})
	p := token("anthropic:manual", "fp1", 30*h)
	steps := []struct {
		at   time.Duration
		want []string
	}{
		{0, nil},
		{5 * h, nil},
		{6 * h, []string{"anthropic:manual expires in 1 d | anthropic:manual (agent main) expires in 1 d — run claude setup-token"}},
		{6*h + 10*time.Minute, nil},
		{29*h + 1, []string{"anthropic:manual expires in 1 h | anthropic:manual (agent main) expires in 1 h — run claude setup-token"}},
		{29*h + 30*time.Minute, nil},
		{30 * h, []string{"anthropic:manual expired | anthropic:manual (agent main) expired — run claude setup-token"}},
		{40 * h, nil},
	}
	for _, st := range steps {
		r.now = t0.Add(st.at)
		r.update(p)
		if got := r.sender.take(); !reflect.DeepEqual(got, st.want) {
			t.Errorf("at +%v: sent %q, want %q", st.at, got, st.want)
		}
	}
}

func TestStartupSendsOnlyTheMostUrgent(t *testing.T) {
	tests := []struct {
		name string
		left time.Duration
		want []string
	}{
		{"already expired", -3 * d, []string{"anthropic:manual expired | anthropic:manual (agent main) expired — run claude setup-token"}},
		{"inside the last hour", 30 * time.Minute, []string{"anthropic:manual expires in 30 m | anthropic:manual (agent main) expires in 30 m — run claude setup-token"}},
		{"inside the warn window", 5 * h, []string{"anthropic:manual expires in 5 h | anthropic:manual (agent main) expires in 5 h — run claude setup-token"}},
		{"far", 3 * d, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(&memStore{})
			r.update(token("anthropic:manual", "fp1", tt.left))
			if got := r.sender.take(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sent %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRestartDoesNotRepeat(t *testing.T) {
	store := &memStore{}
	r := newRig(store)
	p := token("anthropic:manual", "fp1", 30*time.Minute)
	r.update(p)
	if n := len(r.sender.take()); n != 1 {
		t.Fatalf("first run sent %d", n)
	}
	r2 := newRig(store)
	r2.now = t0.Add(10 * time.Minute)
	r2.update(p)
	if got := r2.sender.take(); got != nil {
		t.Errorf("restart repeated %q", got)
	}
	r2.now = t0.Add(31 * time.Minute)
	r2.update(p)
	if got := r2.sender.take(); len(got) != 1 || !strings.Contains(got[0], "expired") {
		t.Errorf("after restart, at expiry: %q", got)
	}
}

func TestRenewed(t *testing.T) {
	r := newRig(&memStore{})
	r.update(token("anthropic:manual", "old", -h))
	if st := r.sender.states; len(st) != 1 || st[0] != profile.Expired {
		t.Errorf("expired notification carries states %v, want [expired] (its icon)", st)
	}
	r.sender.take()
	renewed := token("anthropic:manual", "new", 300*d)
	r.update(renewed)
	if st := r.sender.states; len(st) != 1 || st[0] != profile.OK {
		t.Errorf("renewed notification carries states %v, want [ok] (its icon)", st)
	}
	got := r.sender.take()
	if len(got) != 1 || !strings.HasPrefix(got[0], "anthropic:manual renewed | anthropic:manual (agent main) renewed: expires in 300 d") {
		t.Fatalf("sent %q, want one renewed", got)
	}
	r.update(renewed)
	if got := r.sender.take(); got != nil {
		t.Errorf("renewed repeated: %q", got)
	}
	var l Ledger
	json.Unmarshal(r.store.b, &l)
	if len(l.Entries) != 0 {
		t.Errorf("ledger kept %v", l.Entries)
	}
	// A renewed credential starts fresh: its own thresholds fire later.
	r.now = t0.Add(300*d - 30*time.Minute)
	r.update(renewed)
	if got := r.sender.take(); len(got) != 1 || !strings.Contains(got[0], "expires in 30 m") {
		t.Errorf("new credential's threshold: %q", got)
	}
}

func TestNoRenewedWithoutAlarm(t *testing.T) {
	r := newRig(&memStore{})
	r.update(token("anthropic:manual", "old", 300*d))
	r.update(token("anthropic:manual", "new", 360*d))
	if got := r.sender.take(); got != nil {
		t.Errorf("sent %q for a credential that never alarmed", got)
	}
}

func TestRefreshableOAuthOnlyAlarmsOnLoginEnd(t *testing.T) {
	oauth := func(access, login time.Duration) profile.Profile {
		p := profile.Profile{
			ID: "claude.ai", Kind: profile.OAuth, Source: profile.ClaudeCode, CanRefresh: true, LoginWarn: claude.LoginWarn,
			Location: "/home/u/.claude/.credentials.json", ExpiresAt: profile.Time(t0.Add(access)),
			Judged: true, Fingerprint: "fp",
		}
		if login != 0 {
			p.LoginEndsAt = profile.Time(t0.Add(login))
		}
		return p
	}
	tests := []struct {
		name string
		p    profile.Profile
		want []string
	}{
		{"access expired, no login end", oauth(-h, 0), nil},
		{"access expired, login far", oauth(-h, 30*d), nil},
		{"login inside Claude Code's 10 d window", oauth(-h, 9*d), []string{"claude.ai login ends in 9 d | claude.ai (Claude Code) login ends in 9 d — run claude auth login"}},
		{"login ends within the hour", oauth(h, 20*time.Minute), []string{"claude.ai login ends in 20 m | claude.ai (Claude Code) login ends in 20 m — run claude auth login"}},
		{"login ended", oauth(-h, -h), []string{"claude.ai login ended | claude.ai (Claude Code) login ended — run claude auth login"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(&memStore{})
			r.update(tt.p)
			if got := r.sender.take(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sent %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnjudgedAndAPIKeysNeverNotify(t *testing.T) {
	r := newRig(&memStore{})
	unused := token("anthropic:spare", "fp", -h)
	unused.Judged = false
	key := profile.Profile{ID: "anthropic:key", Kind: profile.APIKey, Source: profile.Env, Location: "ANTHROPIC_API_KEY", Judged: true}
	r.update(unused, key)
	if got := r.sender.take(); got != nil {
		t.Errorf("sent %q", got)
	}
}

func TestToggle(t *testing.T) {
	r := newRig(&memStore{})
	r.enabled = false
	p := token("anthropic:manual", "fp", 30*time.Minute)
	r.update(p)
	if got := r.sender.take(); got != nil {
		t.Fatalf("notifications off, sent %q", got)
	}
	r.enabled = true
	r.update(p)
	if got := r.sender.take(); len(got) != 1 {
		t.Errorf("turned on: sent %q, want the pending one", got)
	}
}

func TestFailedSendIsRetried(t *testing.T) {
	r := newRig(&memStore{})
	r.sender.fail = true
	p := token("anthropic:manual", "fp", 30*time.Minute)
	r.update(p)
	if len(r.logs) != 1 || !strings.Contains(r.logs[0], "not shown") {
		t.Errorf("logs = %q", r.logs)
	}
	r.sender.fail = false
	r.update(p)
	if got := r.sender.take(); len(got) != 1 {
		t.Errorf("after the server came back: %q", got)
	}
}

func TestPruneVanished(t *testing.T) {
	r := newRig(&memStore{})
	r.update(token("anthropic:a", "fa", -h), token("anthropic:b", "fb", -h))
	r.sender.take()
	r.update(token("anthropic:a", "fa", -h))
	var l Ledger
	json.Unmarshal(r.store.b, &l)
	for _, e := range l.Entries {
		if strings.HasSuffix(e.Key, "anthropic:b") {
			t.Errorf("vanished credential kept: %+v", e)
		}
	}
	if len(l.Entries) != 1 {
		t.Errorf("entries = %+v", l.Entries)
	}
}

func TestRemote(t *testing.T) {
	r := newRig(&memStore{})
	p := token("anthropic:manual", "fp", 30*time.Minute)
	p.Host = "studio"
	r.update(p)
	want := []string{"anthropic:manual on studio expires in 30 m | anthropic:manual on studio (agent main) expires in 30 m — run on studio: claude setup-token"}
	if got := r.sender.take(); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %q, want %q", got, want)
	}
	// The host goes offline: its rows vanish, the ledger keeps them.
	s := profile.Snapshot{Hosts: []profile.Host{{Name: "studio", Destination: sshdest.MustParse("me@studio"), Reachable: false}}}
	s.Finish(profile.Policy{Now: r.now})
	r.a.Update(s)
	r.update(p)
	if got := r.sender.take(); got != nil {
		t.Errorf("host came back, repeated %q", got)
	}
	// The same slot on this machine is a different credential.
	local := token("anthropic:manual", "fp", 30*time.Minute)
	r.update(p, local)
	if got := r.sender.take(); len(got) != 1 || strings.Contains(got[0], "studio") {
		t.Errorf("local slot: %q", got)
	}
}

func TestErrorAndMissing(t *testing.T) {
	r := newRig(&memStore{})
	bad := profile.Profile{ID: "claude.ai", Source: profile.ClaudeCode, Location: "/h/.claude/.credentials.json", Judged: true,
		State: profile.Error, Message: "unreadable: permission denied"}
	r.update(bad)
	r.update(bad)
	want := []string{"claude.ai can't be read | claude.ai (Claude Code) can't be read: unreadable: permission denied"}
	if got := r.sender.take(); !reflect.DeepEqual(got, want) {
		t.Errorf("error: sent %q, want %q", got, want)
	}
	bad.Message = "unreadable: not valid JSON"
	r.update(bad)
	if got := r.sender.take(); len(got) != 1 {
		t.Errorf("new reason: sent %q", got)
	}
	// Readable again and fine: no "renewed" for a store that was unreadable.
	ok := token("claude.ai", "fp", 300*d)
	ok.Source, ok.Location, ok.Agent = bad.Source, bad.Location, ""
	r.update(ok)
	if got := r.sender.take(); got != nil {
		t.Errorf("readable again: sent %q", got)
	}

	miss := profile.Profile{ID: "anthropic:default", Source: profile.Gateway, Agent: "main", Location: "/s/a.json", Judged: true,
		State: profile.Missing, Message: "no credential", Fix: "openclaw models auth setup-token --provider anthropic"}
	r.update(miss)
	r.update(miss)
	want = []string{"anthropic:default is missing | anthropic:default (agent main): no credential — run openclaw models auth setup-token --provider anthropic"}
	if got := r.sender.take(); !reflect.DeepEqual(got, want) {
		t.Errorf("missing: sent %q, want %q", got, want)
	}
}

func TestNoSaveWhenNothingChanged(t *testing.T) {
	r := newRig(&memStore{})
	p := token("anthropic:manual", "fp", 30*time.Minute)
	r.update(p)
	n := r.store.saves
	r.update(p)
	r.update(p)
	if r.store.saves != n {
		t.Errorf("saved %d more times with nothing new", r.store.saves-n)
	}
}

func TestFileStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "authtray")
	f := File(filepath.Join(dir, LedgerFile))
	if _, err := f.Load(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("empty load: %v", err)
	}
	l := &Ledger{Entries: []Entry{{Key: "k", Fingerprint: "fp", Threshold: "1h", SentAt: t0}}}
	if err := l.Save(f); err != nil {
		t.Fatal(err)
	}
	if err := l.Save(f); err != nil { // over an existing file
		t.Fatal(err)
	}
	got, err := LoadLedger(f)
	if err != nil || !reflect.DeepEqual(got.Entries, l.Entries) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	names, _ := os.ReadDir(dir)
	if len(names) != 1 {
		t.Errorf("left temp files behind: %v", names)
	}
	fi, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("state dir mode %v", fi.Mode().Perm())
	}
}

func TestCorruptLedger(t *testing.T) {
	r := newRig(&memStore{b: []byte("{not json")})
	r.update(token("anthropic:manual", "fp", 30*time.Minute))
	if len(r.sender.take()) != 1 {
		t.Error("a corrupt ledger must not stop notifications")
	}
	if len(r.logs) == 0 || !strings.Contains(r.logs[0], "corrupt") {
		t.Errorf("logs = %q", r.logs)
	}
	if _, err := LoadLedger(r.store); err != nil {
		t.Errorf("ledger not rewritten: %v", err)
	}
}

// Every threshold passed is recorded with the one sent, so dropping the
// 1 h threshold from the settings does not bring back a stale "1 d" one.
func TestThresholdSettingsChange(t *testing.T) {
	r := newRig(&memStore{})
	p := token("anthropic:manual", "fp", 30*time.Minute)
	r.update(p)
	r.sender.take()
	r.before = []time.Duration{d}
	r.update(p)
	if got := r.sender.take(); got != nil {
		t.Errorf("sent %q after a settings change", got)
	}
	r.before = []time.Duration{d, h, 10 * time.Minute}
	r.now = t0.Add(21 * time.Minute)
	r.update(p)
	if got := r.sender.take(); len(got) != 1 || !strings.Contains(got[0], "expires in 9 m") {
		t.Errorf("new 10 m threshold: %q", got)
	}
}

// TestStoreUnreadableForAWhile: a locked or corrupt database gives one
// "auth store" error row in place of its credentials; when it reads again,
// what was sent is not sent again.
func TestStoreUnreadableForAWhile(t *testing.T) {
	const db = "/s/state/openclaw.sqlite"
	r := newRig(&memStore{})
	shared := token("anthropic:manual", "fp", 30*time.Minute)
	shared.Location, shared.Agent = db+"#auth.store", ""
	perAgent := token("anthropic:work", "fw", 30*time.Minute)
	perAgent.Location = "/s/agents/main/agent/auth-profiles.json"
	r.update(shared, perAgent)
	if got := r.sender.take(); len(got) != 2 {
		t.Fatalf("first scan sent %q", got)
	}
	locked := profile.Profile{ID: "auth store", Source: profile.Gateway, Location: db, State: profile.Error, Judged: true,
		Message: "Gateway database " + db + " cannot be read: database is locked"}
	r.update(locked, perAgent)
	if got := r.sender.take(); len(got) != 1 || !strings.Contains(got[0], "can't be read") {
		t.Errorf("locked: sent %q, want the one can't-be-read notification", got)
	}
	r.update(shared, perAgent)
	if got := r.sender.take(); got != nil {
		t.Errorf("readable again: sent %q again", got)
	}
	// A Claude Code file unreadable for a while keeps its slot's records.
	login := token("claude-code", "fl", 30*time.Minute)
	login.Source, login.Location, login.Agent = profile.ClaudeCode, "/h/.claude/.credentials.json", ""
	r.update(login, perAgent)
	r.sender.take()
	bad := login
	bad.State, bad.Message, bad.ExpiresAt = profile.Error, "Cannot read .credentials.json: permission denied", nil
	r.update(bad, perAgent)
	r.sender.take()
	r.update(login, perAgent)
	if got := r.sender.take(); got != nil {
		t.Errorf("login readable again: sent %q again", got)
	}
	// Gone for good (no error row): forgotten, so a new store starts fresh.
	r.update(perAgent)
	r.update(shared, perAgent)
	if got := r.sender.take(); len(got) != 1 {
		t.Errorf("store back after being gone: sent %q, want one", got)
	}
}

// A notification that cannot have been shown (macOS, Script Editor not
// allowed to notify) is not marked sent: each threshold goes out once it
// can be shown, and the reason is logged once, not at every update.
func TestNotShownIsNotRecorded(t *testing.T) {
	store := &memStore{}
	r := newRig(store)
	r.sender.notShown = "they would come from Script Editor, which may not notify"
	p := token("anthropic:manual", "fp1", 30*h)
	for _, at := range []time.Duration{6 * h, 7 * h, 8 * h} {
		r.now = t0.Add(at)
		r.update(p)
	}
	if sent := r.sender.take(); len(sent) != 0 {
		t.Fatalf("sent %q while notifications cannot be shown", sent)
	}
	if len(r.logs) != 1 || !strings.Contains(r.logs[0], "Script Editor") {
		t.Fatalf("logs %q, want the reason once", r.logs)
	}
	if l, _ := LoadLedger(store); len(l.Entries) != 0 {
		t.Fatalf("ledger %+v records notifications never shown", l.Entries)
	}
	// Allowed in System Settings: the pending ones go out, once each.
	r.sender.notShown = ""
	r.now = t0.Add(9 * h)
	r.update(p)
	if sent := r.sender.take(); len(sent) != 1 {
		t.Fatalf("after allowing: sent %q, want the 1 d warning", sent)
	}
	r.now = t0.Add(10 * h)
	r.update(p)
	if sent := r.sender.take(); len(sent) != 0 {
		t.Fatalf("sent again: %q", sent)
	}
	// Blocked again later: said again, once.
	r.sender.notShown = "they would come from Script Editor, which may not notify"
	r.now = t0.Add(29*h + 1)
	r.update(p)
	r.update(p)
	if len(r.logs) != 2 {
		t.Errorf("logs %q, want the reason said again once", r.logs)
	}
}

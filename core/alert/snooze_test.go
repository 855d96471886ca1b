package alert

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSnoozedReminders: a snoozed credential's reminders are neither sent
// nor recorded; its expiry still is; when the snooze ends (or is
// cancelled) the most urgent reminder due goes out, once; other
// credentials are not touched.
func TestSnoozedReminders(t *testing.T) {
	r := newRig(&memStore{})
	r.snoozes = NewSnoozes(&memStore{}, func() time.Time { return r.now }, nil)
	p := token("anthropic:manual", "fp1", 30*h)
	other := token("anthropic:other", "fp2", 30*h)
	other.Location = "/s/agents/work/agent/auth-profiles.json"
	r.now = t0.Add(6 * h) // the 1 d reminder is due for both
	if _, err := r.snoozes.Snooze(p, 24*h); err != nil {
		t.Fatal(err)
	}
	r.update(p, other)
	if got := r.sender.take(); len(got) != 1 || !strings.HasPrefix(got[0], "anthropic:other expires in 1 d") {
		t.Fatalf("snoozed: sent %q, want only the other credential's reminder", got)
	}
	r.now = t0.Add(29*h + 1) // the 1 h one, still snoozed
	r.update(p, other)
	if got := r.sender.take(); len(got) != 1 || !strings.HasPrefix(got[0], "anthropic:other expires in 1 h") {
		t.Fatalf("snoozed 1 h: sent %q", got)
	}
	if err := r.snoozes.Cancel(p.Key()); err != nil {
		t.Fatal(err)
	}
	r.update(p, other)
	r.update(p, other)
	want := []string{"anthropic:manual expires in 1 h | anthropic:manual (agent main) expires in 1 h. Run: claude setup-token."}
	if got := r.sender.take(); !reflect.DeepEqual(got, want) {
		t.Fatalf("cancelled: sent %q, want %q (the most urgent, once)", got, want)
	}

	// Snoozed again: the expiry itself is said all the same.
	r.snoozes.Snooze(p, 48*h)
	r.now = t0.Add(30 * h)
	r.update(p, other)
	if got := r.sender.take(); len(got) != 2 || !strings.Contains(strings.Join(got, "\n"), "anthropic:manual expired") {
		t.Fatalf("expired while snoozed: sent %q", got)
	}
}

// TestSnoozeEnds: a snooze ends by itself at its time; the ended callback
// runs then, and the reminder due goes out at the next update.
func TestSnoozeEnds(t *testing.T) {
	r := newRig(&memStore{})
	var mu sync.Mutex
	now := t0.Add(6 * h)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ended := make(chan struct{}, 1)
	r.snoozes = NewSnoozes(&memStore{}, clock, func() { ended <- struct{}{} })
	defer r.snoozes.Close()
	r.now = now
	p := token("anthropic:manual", "fp1", 30*h)
	r.snoozes.Snooze(p, 50*time.Millisecond)
	r.update(p)
	if got := r.sender.take(); got != nil {
		t.Fatalf("snoozed: sent %q", got)
	}
	mu.Lock()
	now = now.Add(time.Second) // the clock passes the end; the timer fires
	mu.Unlock()
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the ended callback did not run")
	}
	r.update(p)
	if got := r.sender.take(); len(got) != 1 || !strings.HasPrefix(got[0], "anthropic:manual expires in 1 d") {
		t.Errorf("after the snooze: sent %q", got)
	}
	if all := r.snoozes.All(); len(all) != 0 {
		t.Errorf("ended snooze still listed: %v", all)
	}
}

// TestSnoozeFile: snoozes survive a restart in the state dir's
// snooze.json (written atomically), ended ones are dropped, a corrupt
// file is no snoozes and says so.
func TestSnoozeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", SnoozeFile)
	now := t0
	clock := func() time.Time { return now }
	p := token("anthropic:manual", "fp1", 30*h)
	p.Host = "studio"
	q := token("anthropic:other", "fp2", 30*h)
	s := NewSnoozes(File(path), clock, nil)
	until, err := s.Snooze(p, 24*h)
	if err != nil || !until.Equal(t0.Add(24*h)) {
		t.Fatalf("Snooze = %v, %v", until, err)
	}
	s.Snooze(q, h)

	now = t0.Add(2 * h) // q's has ended
	s2 := NewSnoozes(File(path), clock, nil)
	if u, ok := s2.Until(p); !ok || !u.Equal(until) {
		t.Errorf("after a restart: Until = %v, %v", u, ok)
	}
	if s2.Snoozed(q) {
		t.Errorf("an ended snooze is in force")
	}
	if all := s2.All(); len(all) != 1 {
		t.Errorf("All = %v", all)
	}
	s2.Cancel(p.Key())
	var doc snoozeDoc
	b, _ := File(path).Load()
	if err := json.Unmarshal(b, &doc); err != nil || doc.Version != 1 || len(doc.Snoozes) != 0 {
		t.Errorf("file after cancel: %s (%v)", b, err)
	}

	File(path).Save([]byte("{not json"))
	s3 := NewSnoozes(File(path), clock, nil)
	if _, err := s3.Snooze(p, h); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("corrupt file: Snooze err = %v, want it said", err)
	}
	if !s3.Snoozed(p) {
		t.Errorf("snoozing over a corrupt file did not take")
	}
}

func TestSnoozable(t *testing.T) {
	p := token("anthropic:manual", "fp1", 30*h)
	for th, want := range map[string]bool{"1d": true, "1h": true, "expired": false, "missing": false, "error": false, Renewed: false, "": false} {
		if got := (Message{Profile: p, Threshold: th}).Snoozable(); got != want {
			t.Errorf("%q: Snoozable = %v", th, got)
		}
	}
	if (Message{Threshold: "1h"}).Snoozable() {
		t.Errorf("a message about no credential is snoozable")
	}
}

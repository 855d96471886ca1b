//go:build linux

package notify

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
)

// fakeServer owns org.freedesktop.Notifications on a private bus with
// these capabilities, and returns its connection (to emit signals from).
func fakeServer(t *testing.T, caps ...string) (*server, *dbus.Conn, string) {
	t.Helper()
	addr := startBus(t)
	srv := &server{got: make(chan []string, 128), caps: caps, acts: make(chan sent, 128)}
	return srv, own(t, addr, srv), addr
}

// reminder is the alert a credential an hour from its expiry gets.
func reminder() alert.Message {
	p := profile.Profile{ID: "anthropic:manual", Source: profile.Gateway, Agent: "main", Kind: profile.Token, Provider: "anthropic", Fix: "claude setup-token"}
	return alert.Message{State: profile.Expiring, Summary: "anthropic:manual expires in 1 h", Body: "anthropic:manual (agent main) expires in 1 h", Profile: p, Threshold: "1h"}
}

type action struct {
	key string
	m   alert.Message
}

func actionable(n *Notifier) chan action {
	ch := make(chan action, 8)
	n.OnAction(func(m alert.Message) bool { return m.Profile.Kind != profile.APIKey }, func(key string, m alert.Message) { ch <- action{key, m} })
	return ch
}

func (s *server) next(t *testing.T) ([]string, sent) {
	t.Helper()
	select {
	case got := <-s.got:
		return got, <-s.acts
	case <-time.After(5 * time.Second):
		t.Fatal("no Notify call reached the server")
	}
	return nil, sent{}
}

func noAction(t *testing.T, ch chan action, what string) {
	t.Helper()
	select {
	case a := <-ch:
		t.Errorf("%s: handled %q", what, a.key)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestActions: a server with actions gets "Re-authenticate" (and the
// default action) and the snoozes on a reminder, a body ending "Click to
// re-authenticate."; its ActionInvoked reaches the handler with the
// message; a signal from anyone but that server, a malformed one, or one
// for a closed notification does not.
func TestActions(t *testing.T) {
	srv, sconn, addr := fakeServer(t, "actions", "body")
	n := New(nil)
	defer n.Close()
	got := actionable(n)
	if err := n.Send(reminder()); err != nil {
		t.Fatal(err)
	}
	call, s := srv.next(t)
	if want := "anthropic:manual (agent main) expires in 1 h. Click to re-authenticate."; call[2] != want {
		t.Errorf("body %q, want %q", call[2], want)
	}
	want := []string{"default", "Re-authenticate", "reauth", "Re-authenticate", "snooze-1h", "Snooze 1 hour", "snooze-1d", "Snooze 1 day"}
	if !reflect.DeepEqual(s.actions, want) {
		t.Errorf("actions %q, want %q", s.actions, want)
	}

	// Someone else on the bus claims to be the server.
	other, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var me string
	n.os.bus.mu.Lock()
	me = n.os.bus.conn.Names()[0]
	n.os.bus.mu.Unlock()
	other.Emit(serverPath, sigAction, s.id, "default")
	sendTo(t, other, me, s.id, "default")
	noAction(t, got, "a signal from another connection")
	sconn.Emit(serverPath, sigAction, "not an id", "default")
	sconn.Emit(serverPath, sigAction, s.id)
	noAction(t, got, "a malformed signal")

	sconn.Emit(serverPath, sigAction, s.id, "snooze-1d")
	select {
	case a := <-got:
		if a.key != ActionSnooze1d || a.m.Profile.ID != "anthropic:manual" || a.m.Threshold != "1h" {
			t.Errorf("handled %q for %+v", a.key, a.m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the action did not reach the handler")
	}
	sconn.Emit(serverPath, sigAction, s.id, "default")
	noAction(t, got, "a second action on the same notification")

	// An expired credential: Re-authenticate, no snooze.
	exp := reminder()
	exp.Threshold, exp.Summary, exp.Body = "expired", "anthropic:manual expired", "anthropic:manual (agent main) expired"
	n.Send(exp)
	_, s = srv.next(t)
	if !reflect.DeepEqual(s.actions, want[:4]) {
		t.Errorf("expired: actions %q", s.actions)
	}
	sconn.Emit(serverPath, sigClosed, s.id, uint32(2))
	time.Sleep(100 * time.Millisecond)
	sconn.Emit(serverPath, sigAction, s.id, "default")
	noAction(t, got, "an action after NotificationClosed")

	// No fix (an API key), and authtray's own messages: no actions, no hint.
	key := reminder()
	key.Profile.Kind = profile.APIKey
	n.Send(key)
	call, s = srv.next(t)
	if len(s.actions) != 0 || !strings.HasSuffix(call[2], "Run: claude setup-token.") {
		t.Errorf("no fix: actions %q, body %q", s.actions, call[2])
	}
	n.Send(alert.Message{State: profile.Error, Summary: "authtray", Body: "No terminal found"})
	call, s = srv.next(t)
	if len(s.actions) != 0 || call[2] != "No terminal found" {
		t.Errorf("own message: actions %q, body %q", s.actions, call[2])
	}
}

// sendTo sends a unicast ActionInvoked to dest (as a server does).
func sendTo(t *testing.T, conn *dbus.Conn, dest string, id uint32, key string) {
	t.Helper()
	msg := &dbus.Message{Type: dbus.TypeSignal, Headers: map[dbus.HeaderField]dbus.Variant{
		dbus.FieldPath:        dbus.MakeVariant(serverPath),
		dbus.FieldInterface:   dbus.MakeVariant(serverName),
		dbus.FieldMember:      dbus.MakeVariant("ActionInvoked"),
		dbus.FieldDestination: dbus.MakeVariant(dest),
		dbus.FieldSignature:   dbus.MakeVariant(dbus.SignatureOf(id, key)),
	}, Body: []any{id, key}}
	conn.Send(msg, nil)
}

// TestNoActionsCapability: a server without "actions" gets no actions and
// a body that ends with the short fix text.
func TestNoActionsCapability(t *testing.T) {
	srv, _, _ := fakeServer(t, "body")
	n := New(nil)
	defer n.Close()
	actionable(n)
	n.Send(reminder())
	call, s := srv.next(t)
	if len(s.actions) != 0 {
		t.Errorf("actions %q sent to a server without them", s.actions)
	}
	if want := "anthropic:manual (agent main) expires in 1 h. Run: claude setup-token."; call[2] != want {
		t.Errorf("body %q, want %q", call[2], want)
	}
	// Remote: the host is named.
	r := reminder()
	r.Profile.Host = "studio"
	n.Send(r)
	if call, _ = srv.next(t); !strings.HasSuffix(call[2], "Run on studio: claude setup-token.") {
		t.Errorf("remote body %q", call[2])
	}
}

// TestActionsBounded: a server that never says a notification closed
// does not grow the remembered set past maxInFlight; a dropped
// connection is replaced at the next Send, its notifications forgotten.
func TestActionsBounded(t *testing.T) {
	srv, sconn, _ := fakeServer(t, "actions", "body")
	n := New(nil)
	defer n.Close()
	got := actionable(n)
	var last sent
	for i := 0; i < maxInFlight+20; i++ {
		n.Send(reminder())
		_, last = srv.next(t)
	}
	if k := n.os.bus.inFlight(); k != maxInFlight {
		t.Errorf("%d remembered, want %d", k, maxInFlight)
	}
	n.os.bus.mu.Lock()
	n.os.bus.conn.Close()
	n.os.bus.mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for n.os.bus.inFlight() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if k := n.os.bus.inFlight(); k != 0 {
		t.Errorf("dropped connection: %d still remembered", k)
	}
	sconn.Emit(serverPath, sigAction, last.id, "default")
	noAction(t, got, "an action for a notification of a dropped connection")
	if err := n.Send(reminder()); err != nil {
		t.Fatalf("after a dropped connection: %v", err)
	}
	_, s := srv.next(t)
	sconn.Emit(serverPath, sigAction, s.id, "reauth")
	select {
	case a := <-got:
		if a.key != ActionReauth {
			t.Errorf("handled %q", a.key)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no action after reconnecting")
	}
}

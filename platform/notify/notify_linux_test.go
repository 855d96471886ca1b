//go:build linux

package notify

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/safetext/safetexttest"
	"github.com/authtray/authtray/internal/need"
	"github.com/godbus/dbus/v5"
)

// startBus starts a private dbus-daemon with no service activation and
// points this process at it.
func startBus(t *testing.T) string { return startBusWith(t, nil) }

// startBusWith starts one whose service dir holds these .service files
// (name → contents), so their names are activatable.
func startBusWith(t *testing.T, services map[string]string) string {
	t.Helper()
	need.Tool(t, "dbus-daemon", "apt-get install dbus")
	dir := t.TempDir()
	servicedir := ""
	if len(services) > 0 {
		sd := filepath.Join(dir, "services")
		os.Mkdir(sd, 0o700)
		for name, text := range services {
			os.WriteFile(filepath.Join(sd, name+".service"), []byte(text), 0o600)
		}
		servicedir = "<servicedir>" + sd + "</servicedir>"
	}
	conf := filepath.Join(dir, "session.conf")
	os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=`+dir+`</listen><auth>EXTERNAL</auth>`+servicedir+`
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`), 0o600)
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	buf := make([]byte, 512)
	n, err := out.Read(buf)
	if err != nil {
		t.Fatalf("dbus-daemon address: %v", err)
	}
	addr := strings.TrimSpace(string(buf[:n]))
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// server is a fake org.freedesktop.Notifications; caps are its
// capabilities (nil: just "body").
type server struct {
	got  chan []string
	caps []string
	// acts, when not nil, receives each call's actions and id.
	acts chan sent
	last atomic.Uint32
	mu   sync.Mutex // guards caps, which a test changes between calls
}

func (s *server) setCaps(caps ...string) { s.mu.Lock(); s.caps = caps; s.mu.Unlock() }

// sent is one Notify call's actions and the id the server gave it.
type sent struct {
	id      uint32
	actions []string
}

func (s *server) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	id := s.last.Add(1)
	s.got <- []string{app, summary, body}
	if s.acts != nil {
		s.acts <- sent{id, actions}
	}
	return id, nil
}
func (s *server) GetCapabilities() ([]string, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caps == nil {
		return []string{"body"}, nil
	}
	return s.caps, nil
}
func (s *server) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "fake", "authtray", "1", "1.2", nil
}

// own connects to the bus at addr, until the test ends, and owns the
// notification service's name there with srv.
func own(t *testing.T, addr string, srv *server) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.Export(srv, "/org/freedesktop/Notifications", "org.freedesktop.Notifications")
	if r, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own name: %v %v", r, err)
	}
	return conn
}

func TestAvailableAndSend(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-such-socket"))
	if ok, why := Available(); ok || why != NoBus {
		t.Errorf("no bus: Available() = %v, %q", ok, why)
	}

	addr := startBus(t)
	if ok, why := Available(); ok || why != NoServer {
		t.Errorf("empty bus: Available() = %v, %q", ok, why)
	}
	start := time.Now()
	err := New(nil).Send(alert.Message{State: profile.Expired, Summary: "s", Body: "b"})
	if err == nil || !strings.Contains(err.Error(), "org.freedesktop.Notifications") {
		t.Errorf("no server: Send err = %v", err)
	}
	if strings.Contains(err.Error(), "kdialog") {
		t.Errorf("error not shortened: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Send took %v with no server", d)
	}

	srv := &server{got: make(chan []string, 4)}
	own(t, addr, srv)
	if ok, why := Available(); !ok {
		t.Errorf("with a server: Available() = false, %q", why)
	}
	if err := New(nil).Send(alert.Message{State: profile.Expiring, Summary: "anthropic:manual expires in 1 h", Body: "anthropic:manual (agent main) expires in 1 h — run claude setup-token"}); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-srv.got:
		want := []string{"authtray", "anthropic:manual expires in 1 h", "anthropic:manual (agent main) expires in 1 h — run claude setup-token"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("Notify(%q), want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal(errors.New("no Notify call reached the server"))
	}
}

// TestActivatableServer: dunst, mako and xfce4-notifyd are started by the
// bus on the first notification; a server that is activatable but not
// running is available.
func TestActivatableServer(t *testing.T) {
	startBusWith(t, map[string]string{"org.freedesktop.Notifications": "[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=/bin/false\n"})
	if ok, why := Available(); !ok {
		t.Errorf("activatable server: Available() = false, %q", why)
	}
}

// TestCheckerFollowsOwner: one connection, and a cached answer that follows
// a server coming and going.
func TestCheckerFollowsOwner(t *testing.T) {
	addr := startBus(t)
	changed := make(chan struct{}, 4)
	c := NewChecker(func() { changed <- struct{}{} })
	defer c.Close()
	if ok, why := c.Available(); ok || why != NoServer {
		t.Fatalf("empty bus: Available() = %v, %q", ok, why)
	}
	first := c.conn

	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil {
		t.Fatal(err)
	}
	wait := func(what string) {
		t.Helper()
		select {
		case <-changed:
		case <-time.After(5 * time.Second):
			t.Fatalf("no change reported after %s", what)
		}
	}
	wait("a server took the name")
	if ok, why := c.Available(); !ok {
		t.Errorf("server up: Available() = false, %q", why)
	}
	if _, err := conn.ReleaseName("org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	wait("the server left")
	if ok, why := c.Available(); ok || why != NoServer {
		t.Errorf("server gone: Available() = %v, %q", ok, why)
	}
	if c.conn != first {
		t.Errorf("the checker opened a new connection")
	}
}

// TestSendCleans: whatever a summary or body holds, the server receives a
// plain-text summary and a body it cannot read as markup, with its escape
// sequences, controls and bidi characters gone; a server without body
// markup gets the body as plain text (no entities to show).
func TestSendCleans(t *testing.T) {
	addr := startBus(t)
	srv := &server{got: make(chan []string, 1)}
	own(t, addr, srv)
	send := func(summary, body string) (string, string) {
		t.Helper()
		if err := New(nil).Send(alert.Message{State: profile.Expired, Summary: summary, Body: body}); err != nil {
			t.Fatal(err)
		}
		select {
		case got := <-srv.got:
			return got[1], got[2]
		case <-time.After(5 * time.Second):
			t.Fatal("no Notify call reached the server")
		}
		return "", ""
	}
	srv.setCaps("body", "body-markup", "body-hyperlinks")
	texts := safetexttest.Strings()
	for i, s := range texts {
		if i%7 != 0 && len(s) < 1000 { // every class, without 300 D-Bus round trips
			continue
		}
		summary, body := send(s, "anthropic:manual (agent main) "+s+" — run claude setup-token")
		if u := safetexttest.Unsafe(summary); u != "" {
			t.Fatalf("summary of %q = %q keeps %s", s, summary, u)
		}
		if u := safetexttest.UnsafeMarkup(body); u != "" {
			t.Fatalf("body of %q = %q keeps %s", s, body, u)
		}
	}
	_, body := send("s", `<a href="https://evil.example/">renew</a> && go`)
	if body != `&lt;a href="https://evil.example/"&gt;renew&lt;/a&gt; &amp;&amp; go` {
		t.Errorf("markup body = %q", body)
	}
	srv.setCaps("body")
	_, body = send("s", "run a && b\x1b]0;"+safetexttest.TitlePayload+"\x07 <now>")
	if body != "run a && b <now>" {
		t.Errorf("plain body = %q", body)
	}
}

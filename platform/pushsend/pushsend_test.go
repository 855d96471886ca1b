package pushsend

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/push"
)

var payload = push.Payload{
	Title: "anthropic:manual expires in 1 h", Body: "anthropic:manual (agent main) expires in 1 h — run claude setup-token",
	Profile: "anthropic:manual", Agent: "main", Host: "laptop", State: profile.Expiring, Threshold: "1h",
	Time: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC),
}

// request is one request a receiver got.
type request struct {
	path, title, auth, body string
}

// receiver is a loopback HTTP server answering with code and body.
func receiver(t *testing.T, code int, body string) (*httptest.Server, func() []request) {
	t.Helper()
	var mu sync.Mutex
	var got []request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, request{r.URL.Path, r.Header.Get("Title"), r.Header.Get("Authorization"), string(b)})
		mu.Unlock()
		w.WriteHeader(code)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []request { mu.Lock(); defer mu.Unlock(); return append([]request(nil), got...) }
}

func hostOf(srv *httptest.Server) string { return strings.TrimPrefix(srv.URL, "http://") }

func TestNtfy(t *testing.T) {
	srv, got := receiver(t, 200, `{"id":"x1","time":1,"event":"message","topic":"alerts"}`)
	var s Sender
	if err := s.Send(context.Background(), "ntfy://"+hostOf(srv)+"/alerts?scheme=http", payload); err != nil {
		t.Fatal(err)
	}
	r := got()
	if len(r) != 1 || r[0].path != "/alerts" || r[0].title != payload.Title || !strings.Contains(r[0].body, "profile anthropic:manual") || !strings.Contains(r[0].body, "state expiring") {
		t.Errorf("ntfy got %+v", r)
	}
}

func TestGenericJSON(t *testing.T) {
	srv, got := receiver(t, 200, "")
	var s Sender
	if err := s.Send(context.Background(), "generic+"+srv.URL+"/hook?template=json", payload); err != nil {
		t.Fatal(err)
	}
	r := got()
	if len(r) != 1 {
		t.Fatalf("got %+v", r)
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(r[0].body), &m); err != nil {
		t.Fatalf("body %q: %v", r[0].body, err)
	}
	if m["title"] != payload.Title || m["profile"] != "anthropic:manual" || m["state"] != "expiring" || m["threshold"] != "1h" || !strings.Contains(m["message"], payload.Body) {
		t.Errorf("JSON %v", m)
	}
}

// A failure says what went wrong, never the URL or its secrets.
func TestFailuresNameNoSecret(t *testing.T) {
	const pass, topic = "tk_SECRETpass0123456789abcdefghij", "alerts7f3k2p9q1z"
	unauthorized, _ := receiver(t, 401, `{"code":40101,"http":401,"error":"unauthorized","link":"https://ntfy.sh/docs/publish/#authentication"}`)
	broken, _ := receiver(t, 500, "boom "+pass)
	closed := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return l.Addr().String()
	}()
	tests := []struct{ url, want string }{
		{"ntfy://user:" + pass + "@" + hostOf(unauthorized) + "/" + topic + "?scheme=http", "HTTP 401 (unauthorized)"},
		{"generic+http://" + hostOf(broken) + "/hook/" + pass, "HTTP 500 Internal Server Error"},
		{"ntfy://" + closed + "/" + topic + "?scheme=http", "connection refused"},
		{"nosuch://" + pass + "@example.com/x", `"nosuch" is not a push scheme authtray knows (see 'authtray push --help')`},
		{"telegram://" + pass + "@telegram", "the URL is not a valid telegram URL"},
		{"no url at all " + pass, "it is not a URL (expected e.g. ntfy://ntfy.sh/TOPIC)"},
	}
	for _, tt := range tests {
		var s Sender
		err := s.Send(context.Background(), tt.url, payload)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v, want %q", Describe(tt.url), err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), pass) || strings.Contains(err.Error(), topic)) {
			t.Errorf("error %q holds a secret", err)
		}
	}
}

func TestTimeout(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang }))
	defer srv.Close()
	defer close(hang)
	s := Sender{Timeout: 200 * time.Millisecond}
	u := "generic+" + srv.URL + "/hook"
	if err := s.Send(context.Background(), u, payload); err == nil || !strings.Contains(err.Error(), "no answer within") {
		t.Fatalf("a hanging server: %v", err)
	}
	// The hung request is not doubled.
	if err := s.Send(context.Background(), u, payload); err != ErrBusy {
		t.Fatalf("while the first still hangs: %v, want ErrBusy", err)
	}
}

func TestDescribe(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"ntfy://ntfy.example.com/alerts", "ntfy, ntfy.example.com"},
		{"ntfy:///alerts", "ntfy, ntfy.sh"},
		{"ntfy://u:pass@ntfy.example.com:8080/alerts", "ntfy, ntfy.example.com:8080"},
		{"generic+https://hooks.example.com/x", "generic, hooks.example.com"},
		{"telegram://110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw@telegram?chats=123", "telegram"},
		{"discord://token@123456789012345678", "discord"},
		{"pushover://shoutrrr:azGDORePK8gMaC0QOYAMyEEuzJnyUi@uQiRzpo4DXghDmr9QzzfQu27cmVRsG.x/", "pushover"},
		{"openclaw://telegram/123456789", "openclaw telegram"},
		{"%%%", "not a URL"},
	} {
		if got := Describe(tt.url); got != tt.want {
			t.Errorf("Describe(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestCLIArgs(t *testing.T) {
	for _, tt := range []struct {
		url  string
		want []string
		err  string
	}{
		{"openclaw://telegram/123456789", []string{"message", "send", "--channel=telegram", "--target=123456789"}, ""},
		{"openclaw://whatsapp/+15551234567?account=work&dry-run=yes", []string{"message", "send", "--channel=whatsapp", "--target=+15551234567", "--account=work", "--dry-run"}, ""},
		{"openclaw://discord/--evil", []string{"message", "send", "--channel=discord", "--target=--evil"}, ""},
		{"openclaw://telegram/", nil, "names no target"},
		{"openclaw:///123", nil, "names no channel"},
	} {
		u, _ := url.Parse(tt.url)
		got, err := cliArgs(u, payload)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %v, want %q", tt.url, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		var rest []string
		for _, a := range got {
			if !strings.HasPrefix(a, "--message=") {
				rest = append(rest, a)
			}
		}
		if strings.Join(rest, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: %q, want %q", tt.url, rest, tt.want)
		}
		if msg := got[4]; !strings.HasPrefix(msg, "--message="+payload.Title+"\n"+payload.Body) || !strings.Contains(msg, "state expiring") {
			t.Errorf("message %q", msg)
		}
	}
}

// A failing CLI is its first line of output, with the target masked.
func TestCLIFailureIsMasked(t *testing.T) {
	cli := filepath.Join(t.TempDir(), "openclaw")
	script := "#!/bin/sh\necho 'OpenClaw 2026.9.6 (eb377ac)' >&2\necho \"Unknown target +15551234567 for channel\" >&2\nexit 1\n"
	if err := os.WriteFile(cli, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := Sender{GatewayCLI: func() (string, bool) { return cli, true }}
	err := s.Send(context.Background(), "openclaw://whatsapp/+15551234567", payload)
	want := "openclaw message send failed (exit 1): Unknown target [secret] for channel"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	s.GatewayCLI = func() (string, bool) { return "", false }
	if err := s.Send(context.Background(), "openclaw://whatsapp/+15551234567", payload); err == nil || err.Error() != "the gateway CLI (openclaw) is not installed" {
		t.Errorf("no CLI: %v", err)
	}
}

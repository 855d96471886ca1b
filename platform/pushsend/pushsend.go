// Package pushsend delivers push payloads: the standard schemes through
// shoutrrr's services (github.com/nicholas-fedor/shoutrrr: ntfy, Telegram,
// Slack, Discord, Matrix, Gotify, Pushover, generic webhooks …), and
// openclaw://CHANNEL/TARGET through the installed gateway CLI's
// `message send`. Every error it returns is one short sentence that never
// holds the URL or a part of it that can be a secret (a token, a password,
// a private topic): shoutrrr's own errors can, so they are reduced to what
// went wrong ("HTTP 401 (unauthorized)", "connection refused").
package pushsend

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/authtray/authtray/core/push"
)

// Default time limits of one send.
const (
	DefaultTimeout = 15 * time.Second
	// The gateway CLI starts Node and loads the gateway: seconds on a
	// busy machine before it sends anything.
	DefaultCLITimeout = 90 * time.Second
)

// Sender implements push.Sender. The zero value is ready.
type Sender struct {
	// Timeout bounds one HTTP send, CLITimeout one gateway CLI run.
	Timeout, CLITimeout time.Duration
	// GatewayCLI finds the gateway CLI (default: terminal.GatewayCLI).
	GatewayCLI func() (path string, ok bool)

	// inflight are the URLs with a send under way that outlived its
	// time limit (shoutrrr's services cannot be cancelled): the next send
	// to one waits for no second hung request.
	inflight sync.Map
	// services are the shoutrrr services by URL.
	services sync.Map
}

// ErrBusy is a send refused because the last one to the target still hangs.
var ErrBusy = errors.New("the previous send to it has not finished")

// Send delivers p to the target at rawURL, within the time limit.
func (s *Sender) Send(ctx context.Context, rawURL string, p push.Payload) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" {
		return errors.New("it is not a URL (expected e.g. ntfy://ntfy.sh/TOPIC)")
	}
	if strings.EqualFold(u.Scheme, Scheme) {
		return s.sendCLI(ctx, u, p)
	}
	if _, busy := s.inflight.LoadOrStore(rawURL, true); busy {
		return ErrBusy
	}
	ctx, cancel := context.WithTimeout(ctx, orDefault(s.Timeout, DefaultTimeout))
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer s.inflight.Delete(rawURL)
		done <- s.sendShoutrrr(rawURL, p)
	}()
	select {
	case err := <-done:
		if err != nil {
			return errors.New(reason(err, rawURL))
		}
		return nil
	case <-ctx.Done():
		return errors.New("no answer within " + orDefault(s.Timeout, DefaultTimeout).String())
	}
}

// Describe names the target's kind and, when it is a server's name, its
// host: "ntfy, ntfy.example.com", "telegram", "openclaw telegram". A host
// that is an id or a key (discord://TOKEN@ID, pushover's user key) is not
// named.
func Describe(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" {
		return "not a URL"
	}
	kind := strings.ToLower(u.Scheme)
	if kind == Scheme {
		return kind + " " + channelOf(u)
	}
	kind, _, _ = strings.Cut(kind, "+") // generic+https
	h := u.Hostname()
	if strings.ContainsAny(h, ".:") && !secretish(h) {
		return kind + ", " + u.Host
	}
	if kind == "ntfy" && h == "" {
		return kind + ", ntfy.sh"
	}
	return kind
}

// Describe is the package's Describe.
func (*Sender) Describe(rawURL string) string { return Describe(rawURL) }

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// failed is the CLI's error sentence.
func failed(format string, args ...any) error { return fmt.Errorf(format, args...) }

package desktope2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/safetext/safetexttest"

	"github.com/authtray/authtray/internal/e2efixture"
)

// TestHostileText: a gateway profile whose id and email hold escape
// sequences (OSC 52, OSC 0), CR, bidi overrides, zero-width characters and
// an <a href> reaches the real panel's menu, dunst (which reads body
// markup) and the log cleaned: no label, no notification summary and no
// log line keeps any of it, and a notification body cannot be read as a
// link.
func TestHostileText(t *testing.T) {
	d, mon := newFullDesktop(t)

	now := time.Now()
	f := newFixture(t, d.dir, now, 30*24*time.Hour, time.Hour)
	hostile := "\x1b]52;c;" + "UFdORURDTElQ" + "\x07\x1b]0;" + safetexttest.TitlePayload + "\x07\r\u202eevil\u200b " +
		`<a href="https://evil.example/">renew here</a> & more`
	id := "anthropic:" + hostile
	token := fakeToken("oat", "HOSTILE")
	f.secrets = append(f.secrets, token)
	store := map[string]any{"version": 1, "profiles": map[string]any{
		id: map[string]any{"type": "token", "provider": "anthropic", "token": token, "expires": now.Add(-time.Hour).UnixMilli(), "email": "me" + hostile + "@example.com"},
	}}
	db := filepath.Join(f.home, ".openclaw", "state", "openclaw.sqlite")
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	e2efixture.WriteGatewayDB(t, db, store)

	a := d.startApp(t, f)
	menu, _ := a.waitMenu(t, d, 10*time.Second, func(ls []string) bool {
		for _, l := range ls {
			if strings.Contains(l, "renew here") {
				return true
			}
		}
		return false
	})
	for _, l := range labels(menu) {
		if u := safetexttest.Unsafe(l); u != "" {
			t.Errorf("menu label %q keeps %s", l, u)
		}
	}
	tip, err := a.item.tooltip()
	if err != nil {
		t.Fatal(err)
	}
	if u := safetexttest.Unsafe(tip); u != "" {
		t.Errorf("tooltip %q keeps %s", tip, u)
	}

	d.waitFor(t, "the expired profile's notification", 10*time.Second, func() bool {
		for _, n := range mon.all() {
			if strings.Contains(n.Summary, "evil") {
				return true
			}
		}
		return false
	})
	for _, n := range mon.all() {
		t.Logf("notification: %q | %q", n.Summary, n.Markup)
		if u := safetexttest.Unsafe(n.Summary); u != "" {
			t.Errorf("summary %q keeps %s", n.Summary, u)
		}
		// dunst advertises body-markup: the body must be escaped for it.
		if u := safetexttest.UnsafeMarkup(n.Markup); u != "" {
			t.Errorf("body %q keeps %s", n.Markup, u)
		}
		if !strings.Contains(n.Body, `<a href="https://evil.example/">renew here</a>`) {
			t.Errorf("body %q does not show the markup as text", n.Markup)
		}
		if l := f.leaks(n.Summary + n.Body); len(l) > 0 {
			t.Errorf("notification shows token bytes of %v", l)
		}
	}
	a.stop()
	for _, l := range strings.Split(a.log.String(), "\n") {
		if u := safetexttest.Unsafe(l); u != "" {
			t.Errorf("log line %q keeps %s", l, u)
		}
	}
	if l := f.leaks(a.log.String()); len(l) > 0 {
		t.Errorf("the log shows token bytes of %v", l)
	}
}

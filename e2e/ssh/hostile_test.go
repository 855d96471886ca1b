package sshe2e

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/safetext/safetexttest"
)

// TestHostileRemoteText: a host whose gateway store holds escape sequences
// (OSC 52, OSC 0), CR, NUL, bidi overrides and markup in every field is
// read over a real ssh: the status table and JSON on the laptop keep none
// of it (noLeaks checks every line) and still show the rows.
func TestHostileRemoteText(t *testing.T) {
	r := newRig(t)
	home := installedHome(t)
	var pieces []string
	for _, p := range safetexttest.Pieces() {
		if !strings.ContainsAny(p, "/") {
			pieces = append(pieces, p)
		}
	}
	profiles := map[string]any{}
	for i, p := range pieces {
		profiles["anthropic:h"+string(rune('a'+i%26))+p] = map[string]any{
			"type": "token", "provider": "anthropic", "token": fakeAccess, "email": "me" + p + "@example.com",
			"expires": time.Now().Add(time.Duration(i+1) * time.Hour).UnixMilli(),
		}
	}
	b, err := json.Marshal(map[string]any{"version": 1, "profiles": profiles})
	if err != nil {
		t.Fatal(err)
	}
	agent := "evil\x1b]0;" + safetexttest.TitlePayload + "\x07\u202e"
	writeFile(t, filepath.Join(home, ".clawdbot", "agents", agent, "agent", "auth-profiles.json"), string(b))
	r.addHost("gw-hostile", home)
	local := localHome(t)

	out, errOut, _, _ := r.authtray(local, "status", "--host", "gw-hostile")
	noLeaks(t, "table", append(out, errOut...))
	if !bytes.Contains(out, []byte("gw-hostile · Gateway")) || !bytes.Contains(out, []byte("anthropic:ha")) {
		t.Errorf("the host's hostile rows are not shown:\n%s%s", out, errOut)
	}
	s, _, _ := r.status(local, "--host", "gw-hostile")
	if n := len(rowsOf(s, "gw-hostile")); n < len(pieces) {
		t.Errorf("%d rows from the host, want at least %d", n, len(pieces))
	}
}

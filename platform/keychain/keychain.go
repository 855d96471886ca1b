// Package keychain reads Claude Code's login from the macOS login keychain
// without a prompt, and tells when an item last changed without reading it.
//
// The secret is read through /usr/bin/security, never Security.framework:
// Claude Code creates its item with /usr/bin/security as the trusted
// application, so `security find-generic-password -w` reads it silently,
// while SecItemCopyMatching from our binary asks for the login password,
// and the "Always Allow" grant is lost each time Claude Code rewrites the
// item (every token refresh). zalando/go-keyring would also shell out to
// security on macOS, but it passes no account when none is given, hides
// the exit status (44 not found vs 36 locked) behind its own errors and
// takes no context; one exec call is simpler and exact.
//
// On other systems there is no keychain: New returns nil and Claude Code's
// login is its file.
package keychain

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

// Timeout bounds one call of /usr/bin/security: a keychain that waits for
// a user (a locked keychain over ssh) must not stall a scan.
const Timeout = 3 * time.Second

// AskTimeout bounds a read the user asked for (claude.UserAsked): the
// Keychain's access or unlock dialog may be on screen, waiting for them.
const AskTimeout = time.Minute

// securityPath is the only security binary run: never one found on PATH.
const securityPath = "/usr/bin/security"

// ErrNoKeychain is returned where the platform has no keychain.
var ErrNoKeychain = errors.New("no keychain on this system")

// parseMdat reads the modification date from the attribute listing of
// `security find-generic-password` (without -w), e.g.
//
//	"mdat"<timedate>=0x32303236313132353039303630305A00  "20261125090600Z\000"
//
// The quoted form is used when present, else the hex one.
func parseMdat(out []byte) (time.Time, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		rest, ok := strings.CutPrefix(line, `"mdat"<timedate>=`)
		if !ok {
			continue
		}
		var stamp string
		if _, q, ok := strings.Cut(rest, `"`); ok {
			stamp = q
		} else if h, ok := strings.CutPrefix(rest, "0x"); ok && len(strings.Fields(h)) > 0 {
			if b, err := hex.DecodeString(strings.Fields(h)[0]); err == nil {
				stamp = string(b)
			}
		}
		if len(stamp) < 15 {
			break
		}
		t, err := time.Parse("20060102150405Z", stamp[:15])
		if err != nil {
			break
		}
		return t, nil
	}
	return time.Time{}, errors.New("no modification date in the item's attributes")
}

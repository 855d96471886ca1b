package claude

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/authtray/authtray/internal/lazyregexp"
)

// Keychain reads one generic password from the macOS login keychain, as
// `/usr/bin/security find-generic-password -a ACCOUNT -s SERVICE -w` prints
// it (raw stdout, trailing newline and all). It returns ErrNotFound,
// ErrLocked, ErrDenied (a refused access prompt) or ErrNoAnswer (it timed
// out) for those cases; a read for a context marked WithUserAsked may
// prompt and wait longer. A nil Keychain means the platform has none
// (Linux: Claude Code keeps its login in the file only).
type Keychain interface {
	Find(ctx context.Context, service, account string) ([]byte, error)
}

var (
	// ErrNotFound: no such item (security exits 44, errSecItemNotFound).
	ErrNotFound = errors.New("keychain item not found")
	// ErrLocked: the keychain is locked or may not prompt (security exits
	// 36, errSecInteractionNotAllowed; typical over ssh).
	ErrLocked = errors.New("keychain locked")
	// ErrDenied: the item's access control asked the user, who refused or
	// cancelled (security exits 51, errSecAuthFailed, or 128,
	// errSecUserCanceled). Reported for items whose ACL does not trust
	// /usr/bin/security (anthropics/claude-code #77697).
	ErrDenied = errors.New("access to the Keychain item was denied")
	// ErrNoAnswer: security did not finish in time; with an item that
	// prompts, the dialog was on screen and nobody answered it.
	ErrNoAnswer = errors.New("the Keychain did not answer in time")
)

// Refused reports whether err is a refusal that only the user can undo: a
// denied or unanswered access prompt. Nothing reads the item again in the
// background after one (see KeychainCache).
func Refused(err error) bool {
	return errors.Is(err, ErrDenied) || errors.Is(err, ErrNoAnswer)
}

// ExitError maps an exit status of `security find-generic-password` to the
// errors Keychain.Find returns. Its stderr is never used: a message built
// from another program's output could carry anything.
func ExitError(status int) error {
	switch status {
	case 0:
		return nil
	case 44:
		return ErrNotFound
	case 36:
		return ErrLocked
	case 51, 128:
		return ErrDenied
	}
	return fmt.Errorf("security exited with status %d", status)
}

// Service is Claude Code's keychain service name.
const Service = "Claude Code-credentials"

// services lists the keychain service names that may hold d's login, most
// likely first. A dir named through CLAUDE_CONFIG_DIR (or a non-empty
// CLAUDE_SECURESTORAGE_CONFIG_DIR) gets a suffix: the first 8 hex digits of
// sha256 of the value as written, NFC-normalised, with no realpath and no
// trailing-slash cleanup. Claude Code adds it even when the value points at
// ~/.claude. A dir from authtray's settings is hashed both as written and
// cleaned, since the user's shell variable may be spelled either way.
func services(d configDir) []string {
	var out []string
	for _, w := range d.Written {
		out = appendNew(out, hashedService(w))
	}
	if d.has(fromSettings) {
		out = appendNew(out, hashedService(d.Path))
	}
	if d.isDefault() {
		out = appendNew(out, Service)
	}
	return out
}

func hashedService(dir string) string {
	sum := sha256.Sum256([]byte(norm.NFC.String(dir)))
	return Service + "-" + hex.EncodeToString(sum[:])[:8]
}

var accountName = lazyregexp.New(`^[a-zA-Z0-9._-]+$`)

// fallbackAccount is what Claude Code ≥ 2.1.33x uses when the user name is
// unset or has characters outside accountName.
const fallbackAccount = "claude-code-user"

// accounts lists the keychain account names to try: $USER, else the login
// name. Claude Code replaces a name outside ^[a-zA-Z0-9._-]+$ with
// "claude-code-user"; older versions used it as is, so both are tried. The
// account is always passed: an item under another account ("unknown") may
// hold only MCP tokens.
func accounts(in Input) []string {
	user := ""
	if in.Getenv != nil {
		user = in.Getenv("USER")
	}
	if user == "" {
		user = in.User
	}
	if accountName.MatchString(user) {
		return []string{user}
	}
	if user == "" {
		return []string{fallbackAccount}
	}
	return []string{fallbackAccount, user}
}

// secretText turns `security -w` output into the stored text: it drops the
// trailing newline and hex-decodes output that is all hex digits, which is
// how macOS 26 prints an item whose data was written with -X. JSON is never
// all hex (it starts with "{"), and base64 of a real overflow blob (40+
// characters from a 64-letter alphabet) all but never is.
func secretText(out []byte) []byte {
	s := strings.TrimRight(string(out), "\r\n")
	if len(s) > 0 && len(s)%2 == 0 && isHex(s) {
		if b, err := hex.DecodeString(s); err == nil {
			return b
		}
	}
	return []byte(s)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

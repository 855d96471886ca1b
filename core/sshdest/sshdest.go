// Package sshdest holds an ssh destination checked once, where it enters
// authtray: settings.toml's `ssh = …` and --host. A Dest can only be made
// by Parse (or decoded, which parses), so the reads, the watch sessions and
// the re-auth terminal put it on ssh's command line without checking it
// again.
package sshdest

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
)

// MaxLen is the longest destination accepted (a host name is at most 253).
const MaxLen = 255

// Dest is a valid ssh destination: user@host, ssh://[user@]host[:port], or
// an ssh_config alias. The zero Dest is none.
type Dest struct{ s string }

// Parse checks dest. Refused: an empty one; one starting with "-", which ssh
// would read as an option ("-oProxyCommand=…"); whitespace and control
// characters; and every character that no user, host, port or alias holds,
// such as the shell's ; | & $ ` ( ) < > ' " \ — ssh hands its destination
// to ProxyCommand and Match exec lines through a shell, so `$(…)` must not
// reach it. Letters and digits (also non-ASCII, for IDN host names) and
// . _ - @ : [ ] % + ~ are allowed, and "/" only in the "ssh://" prefix.
func Parse(dest string) (Dest, error) {
	rest, uri := strings.CutPrefix(dest, "ssh://")
	switch {
	case dest == "":
		return Dest{}, errors.New("ssh destination is empty")
	case len(dest) > MaxLen:
		return Dest{}, fmt.Errorf("ssh destination is longer than %d characters", MaxLen)
	case strings.HasPrefix(rest, "-"):
		return Dest{}, fmt.Errorf("ssh destination %s starts with \"-\"", quote(dest))
	case uri && rest == "":
		return Dest{}, fmt.Errorf("ssh destination %s is not ssh://[user@]host[:port]", quote(dest))
	}
	for _, r := range rest {
		switch {
		case r <= ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Cf, r) || r == '\uFFFD':
			return Dest{}, fmt.Errorf("ssh destination %s contains whitespace or a control character", quote(dest))
		case uri && strings.ContainsRune("/?#", r):
			return Dest{}, fmt.Errorf("ssh destination %s is not ssh://[user@]host[:port]", quote(dest))
		case !allowed(r):
			return Dest{}, fmt.Errorf("ssh destination %s contains %q, which no user, host name or ssh_config alias holds", quote(dest), r)
		}
	}
	return Dest{dest}, nil
}

// MustParse is Parse for constants and tests; it panics on a bad dest.
func MustParse(dest string) Dest {
	d, err := Parse(dest)
	if err != nil {
		panic(err)
	}
	return d
}

func allowed(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-@:[]%+~", r)
}

// quote is dest for an error sentence, cleaned, or a stand-in when it
// looks like a token (a pasted secret is never echoed).
func quote(dest string) string {
	if redact.Shaped(dest) {
		return "(which looks like a token, so it is not shown)"
	}
	return fmt.Sprintf("%q", safetext.Line(dest))
}

// String is the destination as ssh takes it ("" for none).
func (d Dest) String() string { return d.s }

// IsZero reports whether d is no destination.
func (d Dest) IsZero() bool { return d.s == "" }

// MarshalText writes d as its string, for JSON and TOML.
func (d Dest) MarshalText() ([]byte, error) { return []byte(d.s), nil }

// UnmarshalText parses a destination from settings.toml or JSON; an empty
// one decodes as none (settings says a host without one is an error).
func (d *Dest) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Dest{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

package pushstore

import (
	"errors"
	"net/url"
	"strings"
	"unicode"

	"github.com/authtray/authtray/internal/lazyregexp"
)

// maxURL bounds a push URL; real ones are a few hundred bytes.
const maxURL = 4096

// parsed is what a push URL shows of itself: never its user info, path or
// query, where tokens live.
type parsed struct{ scheme, host string }

var schemeRE = lazyregexp.New(`^[a-z][a-z0-9+.-]*$`)

// checkURL validates a push URL. Its errors never quote the URL: it
// carries a secret.
func checkURL(s string) (parsed, error) {
	switch {
	case s == "":
		return parsed{}, errors.New("the URL is empty")
	case len(s) > maxURL:
		return parsed{}, errors.New("the URL is longer than 4096 bytes")
	case strings.HasPrefix(s, "-"):
		return parsed{}, errors.New("that is a command-line flag, not a URL")
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return parsed{}, errors.New("the URL holds spaces or control characters (give one URL, on one line)")
	}
	u, err := url.Parse(s)
	if err != nil {
		// url's errors quote the input.
		return parsed{}, errors.New("the URL does not parse")
	}
	if u.Scheme == "" || !strings.Contains(s, "://") {
		return parsed{}, errors.New("the URL has no scheme (it starts like ntfy:// or https://)")
	}
	if !schemeRE.MatchString(u.Scheme) {
		return parsed{}, errors.New("the URL's scheme is not a scheme")
	}
	if u.Host == "" {
		return parsed{}, errors.New("the URL has no host")
	}
	return parsed{scheme: u.Scheme, host: u.Hostname()}, nil
}

// envName is the names of the targets in EnvVar, kept for them.
var envName = lazyregexp.New(`^env-[0-9]+$`)

var nameRE = lazyregexp.New(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// CheckName validates a target's name: a short word, never a URL or a
// flag, and not env-N (AUTHTRAY_PUSH's names).
func CheckName(name string) error {
	switch {
	case strings.Contains(name, "://") || strings.Contains(name, "@"):
		return errors.New("the push target's name looks like a URL; a URL is never taken from the command line, where shell history and ps see it (pipe it in: authtray push add NAME <file, or type it at the prompt)")
	case strings.HasPrefix(name, "-"):
		return errors.New("the push target's name cannot start with -")
	case !nameRE.MatchString(name):
		return errors.New("a push target's name is 1 to 40 letters, digits, '.', '_' or '-'")
	case envName.MatchString(name):
		return errors.New("env-N names are for " + EnvVar + "'s targets; pick another name")
	}
	return nil
}

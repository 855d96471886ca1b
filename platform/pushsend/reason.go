package pushsend

import (
	"errors"
	"net/url"
	"strings"

	"github.com/nicholas-fedor/shoutrrr/pkg/router"

	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/internal/lazyregexp"
)

// reason is what went wrong in err, in a few words and without the URL or
// a secret part of it.
func reason(err error, rawURL string) string {
	scheme := "the"
	if u, perr := url.Parse(rawURL); perr == nil {
		scheme, _, _ = strings.Cut(strings.ToLower(u.Scheme), "+")
	}
	switch {
	case errors.Is(err, router.ErrUnknownService):
		return `"` + scheme + `" is not a push scheme authtray knows (see 'authtray push --help')`
	case errors.Is(err, router.ErrParseURLFailed), errors.Is(err, router.ErrInitializeFailed),
		errors.Is(err, router.ErrCustomURLConversion), errors.Is(err, router.ErrCustomURLsNotSupported):
		return "the URL is not a valid " + scheme + " URL"
	}
	msg := Scrub(err.Error(), rawURL)
	if m := ntfyCode.FindStringSubmatch(msg); m != nil {
		return "HTTP " + m[2] + " (" + m[1] + ")"
	}
	if m := httpStatus.FindStringSubmatch(msg); m != nil {
		return "HTTP " + m[1]
	}
	for _, c := range []struct{ in, say string }{
		{"connection refused", "connection refused"},
		{"no such host", "unknown host"},
		{"Client.Timeout", "timed out"},
		{"deadline exceeded", "timed out"},
		{"i/o timeout", "timed out"},
		{"certificate", "its TLS certificate is not trusted"},
		{"connection reset", "the connection was reset"},
		{"EOF", "the server closed the connection"},
	} {
		if strings.Contains(msg, c.in) {
			return c.say
		}
	}
	return cut(msg, 160)
}

var (
	// ntfy's JSON error: "server response: unauthorized (40101)".
	ntfyCode = lazyregexp.New(`server response: ([^()]{1,80}) \(([1-5][0-9]{2})[0-9]{2}\)`)
	// An HTTP status line's code and text: "500 Internal Server Error".
	httpStatus = lazyregexp.New(`\b([1-5][0-9]{2} [A-Z][A-Za-z' -]{1,40}[a-z])`)
	// anyURL is anything that looks like a URL.
	anyURL = lazyregexp.New(`[A-Za-z][A-Za-z0-9+.-]*://[^\s"'<>]*`)
)

// Scrub masks in text the URL and every part of it that can be a secret,
// and any other URL.
func Scrub(text, rawURL string) string {
	var set redact.Set
	for _, s := range Secrets(rawURL) {
		set.Add(s)
	}
	text = set.Mask(text)
	return anyURL.ReplaceAllString(text, "[url]")
}

// Secrets are the parts of a push URL that can be secret, for masking: the
// URL itself, its password, and its user name, host (when not a server's
// name), path segments and query values when they look like a key or a
// token. Shorter ones are not masked by core/redact anyway.
func Secrets(rawURL string) []string {
	out := []string{rawURL}
	u, err := url.Parse(rawURL)
	if err != nil {
		return out
	}
	add := func(s string, always bool) {
		if always || secretish(s) {
			out = append(out, s)
			if e := url.QueryEscape(s); e != s {
				out = append(out, e)
			}
		}
	}
	if u.User != nil {
		add(u.User.Username(), false)
		if p, ok := u.User.Password(); ok {
			add(p, true)
		}
		out = append(out, u.User.String())
	}
	if h := u.Hostname(); !strings.Contains(h, ".") {
		add(h, false)
	}
	for _, seg := range strings.Split(u.Path, "/") {
		add(seg, false)
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			for _, part := range strings.Split(v, ",") {
				add(part, false)
			}
		}
	}
	add(u.Fragment, false)
	return out
}

// secretish reports whether s can be a key, a token or a private topic: a
// credential's shape, or 12 or more characters mixing letters and digits
// (a Telegram chat id, an ntfy topic someone made hard to guess). A word
// ("alerts", "telegram") is not.
func secretish(s string) bool {
	if redact.Shaped(s) {
		return true
	}
	if len(s) < 12 {
		return false
	}
	letters, digits := false, false
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		}
	}
	return digits && (letters || len(s) >= 12)
}

// cut shortens s to about n bytes, at a word.
func cut(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > n/2 {
		n = i
	}
	return s[:n] + "…"
}

package redact

import "strings"

// Shaped reports whether s looks like a credential rather than a label: it
// holds an Anthropic key or token (sk-ant-…), another provider's key
// (sk-… with 20 or more characters after it), or 32 or more token
// characters (letters, digits, - and _, as base64url) in a row with both
// letters and digits among them, which no email, name or id is made of.
//
// It is for labels (a login's email, an account name), which are shown and
// are never secret: one that looks like a secret is not shown at all.
// Claude Code's and the gateway's readers, and core/remote, share it.
func Shaped(s string) bool {
	if strings.Contains(s, "sk-ant-") {
		return true
	}
	for i := strings.Index(s, "sk-"); i >= 0; i = next(s, "sk-", i) {
		if run(s[i+3:]) >= 20 {
			return true
		}
	}
	for i := 0; i < len(s); {
		n := run(s[i:])
		if n >= 32 && mixed(s[i:i+n]) {
			return true
		}
		i += max(n, 1)
	}
	return false
}

// run is the length of the run of token characters s starts with.
func run(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return i
		}
	}
	return len(s)
}

func mixed(s string) bool {
	return strings.ContainsAny(s, "0123456789") && strings.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' })
}

func next(s, sub string, i int) int {
	j := strings.Index(s[i+1:], sub)
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// Label is s, or "" when it is Shaped: a label that looks like a secret is
// not shown.
func Label(s string) string {
	if Shaped(s) {
		return ""
	}
	return s
}

// Package envkey finds the provider keys the gateway reads from the
// environment and its dotenv files, and reports where each came from. It never
// keeps a value: only whether the variable is set.
package envkey

import (
	"fmt"
	"strings"
)

// ParseDotenv reads a dotenv file the way the gateway's dotenv loader does:
// KEY=value lines, an optional leading `export `, `#` comments, single,
// double and backtick quotes (double quotes expand \n), and multi-line quoted
// values. A malformed line is skipped, as dotenv skips it; the line numbers of
// skipped lines are returned so a row can say the file was partly unreadable.
func ParseDotenv(data []byte) (vars map[string]string, bad []int) {
	vars = map[string]string{}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	line := 1
	for len(s) > 0 {
		start := line
		var cur string
		cur, s = cutLine(s)
		line++
		t := strings.TrimSpace(cur)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		t = strings.TrimPrefix(t, "export ")
		t = strings.TrimLeft(t, " \t")
		key, rest, ok := strings.Cut(t, "=")
		if !ok {
			// dotenv also accepts "KEY: value".
			key, rest, ok = strings.Cut(t, ":")
		}
		key = strings.TrimSpace(key)
		if !ok || !validKey(key) {
			bad = append(bad, start)
			continue
		}
		rest = strings.TrimLeft(rest, " \t")
		val := ""
		if rest != "" && (rest[0] == '"' || rest[0] == '\'' || rest[0] == '`') {
			q := rest[0]
			body := rest[1:]
			// A quoted value may span lines until its closing quote.
			for strings.IndexByte(body, q) < 0 && len(s) > 0 {
				var next string
				next, s = cutLine(s)
				line++
				body += "\n" + next
			}
			end := strings.IndexByte(body, q)
			if end < 0 {
				bad = append(bad, start)
				continue
			}
			val = body[:end]
			if q == '"' {
				val = strings.ReplaceAll(val, `\n`, "\n")
				val = strings.ReplaceAll(val, `\r`, "\r")
			}
		} else {
			// dotenv ends an unquoted value at the first '#'.
			if i := strings.IndexByte(rest, '#'); i >= 0 {
				rest = rest[:i]
			}
			val = strings.TrimSpace(rest)
		}
		vars[key] = val
	}
	return vars, bad
}

func cutLine(s string) (line, rest string) {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for i, c := range k {
		switch {
		case c == '_' || c == '.' || c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'):
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// badLines renders skipped line numbers for a message.
func badLines(bad []int) string {
	parts := make([]string, len(bad))
	for i, n := range bad {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
}

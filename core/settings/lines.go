package settings

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// lineIndex finds the line a key is set on, for notes: TOML's decoder
// tells where a syntax error is, not where each key is. It understands
// what settings.toml holds (top-level keys and [[host]] tables) and is
// built in one pass, so a file of a million keys costs no more than one
// read.
type lineIndex struct {
	keys   map[lineKey]int
	tables map[string][]int // [[name]] → the line of each header
}

type lineKey struct {
	table string
	index int
	key   string
}

func newLineIndex(data []byte) lineIndex {
	x := lineIndex{keys: map[lineKey]int{}, tables: map[string][]int{}}
	section, n := "", -1
	for i, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		if name, isTable := header(t); isTable {
			section = name
			x.tables[name] = append(x.tables[name], i+1)
			n = len(x.tables[name]) - 1
			continue
		}
		k := lineKey{table: section, index: n, key: leadingKey(t)}
		if section == "" {
			k.index = -1
		}
		if _, seen := x.keys[k]; !seen && k.key != "" {
			x.keys[k] = i + 1
		}
	}
	return x
}

// key is the 1-based line of key in the index-th [[table]] (table "" and
// index -1 for the top level), 0 when not found.
func (x lineIndex) key(table string, index int, key string) int {
	return x.keys[lineKey{table, index, key}]
}

// table is the line of the index-th [[name]] header.
func (x lineIndex) table(name string, index int) int {
	if l := x.tables[name]; index < len(l) {
		return l[index]
	}
	return 0
}

// header reads "[name]" or "[[name]]".
func header(t string) (string, bool) {
	if !strings.HasPrefix(t, "[") {
		return "", false
	}
	t = strings.TrimLeft(t, "[")
	if i := strings.IndexByte(t, ']'); i >= 0 {
		return strings.Trim(strings.TrimSpace(t[:i]), `"'`), true
	}
	return "", false
}

// leadingKey is the key a line sets (bare or quoted, before '=' or '.'),
// "" for none.
func leadingKey(t string) string {
	var key, rest string
	switch {
	case strings.HasPrefix(t, `"`), strings.HasPrefix(t, "'"):
		end := strings.IndexByte(t[1:], t[0])
		if end < 0 {
			return ""
		}
		key, rest = t[1:1+end], t[2+end:]
		if t[0] == '"' {
			if u, err := strconv.Unquote(t[:2+end]); err == nil {
				key = u
			}
		}
	default:
		i := strings.IndexFunc(t, func(r rune) bool {
			return !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		})
		if i <= 0 {
			return ""
		}
		key, rest = t[:i], t[i:]
	}
	if rest = strings.TrimSpace(rest); strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ".") {
		return key
	}
	return ""
}

// keyName shows a key a user wrote: in full when it reads as a setting
// name (lower-case letters, '_' and '-', as ours are), else only its first
// few characters, since a key can be a pasted token.
func keyName(k string) string {
	word := len(k) <= 32 && k != ""
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r == '_' || r == '-') {
			word = false
			break
		}
	}
	if word {
		return strconv.Quote(k)
	}
	if utf8.RuneCountInString(k) <= 4 {
		return strconv.Quote(strings.Map(printable, k))
	}
	r := []rune(k)
	return strconv.Quote(strings.Map(printable, string(r[:4]))) + "…"
}

func printable(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return '?'
	}
	return r
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

package remote

import (
	"errors"
	"strings"
)

// SplitWords splits a command line such as `ssh -F "/my dir/config"` into
// words the way a POSIX shell would for plain words, single and double quotes
// and backslashes, without running a shell: no variables, no globs, no
// command substitution. It is only for AUTHTRAY_SSH and ssh_command, which
// the user wrote. A leading "~/" in a word is not expanded (ssh expands ~ in
// its own -F/-i arguments).
func SplitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated ' quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`\n", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated \" quote")
			}
			inWord = true
		case c == '\\':
			if i+1 >= len(s) {
				return nil, errors.New("trailing backslash")
			}
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// Quote quotes one word for the remote login shell that ssh hands the
// command line to: single quotes, with each embedded single quote or
// backslash closed, escaped and reopened ('\” and '\\'). Outside quotes
// both mean the same in POSIX shells and in fish (which, unlike sh, reads
// \' and \\ inside single quotes as escapes), so a quoted word reads back
// the same in either.
func Quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@") == "" {
		return s
	}
	return "'" + quoteRepl.Replace(s) + "'"
}

var quoteRepl = strings.NewReplacer(`'`, `'\''`, `\`, `'\\'`)

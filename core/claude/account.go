package claude

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
)

// accountFile is the Claude Code global config that holds d's account email
// (oauthAccount.emailAddress): a legacy <dir>/.config.json wins when it
// exists; else .claude.json in $CLAUDE_CONFIG_DIR for a dir named by it (or
// by settings, which stand in for it), else in home.
func accountFile(in Input, d configDir) string {
	legacy := filepath.Join(d.Path, ".config.json")
	if in.FS != nil && fileExists(in, legacy) {
		return legacy
	}
	switch {
	case d.has(fromConfigEnv) || d.has(fromSettings):
		return filepath.Join(d.Path, ".claude.json")
	case d.has(fromSecureEnv):
		// The secure-storage override moves the login only; the global
		// config still follows CLAUDE_CONFIG_DIR.
		if v := in.Getenv(envConfigDir); v != "" {
			return filepath.Join(expandHome(v, in.Home), ".claude.json")
		}
	}
	return filepath.Join(in.Home, ".claude.json")
}

func fileExists(in Input, name string) bool {
	fi, err := in.FS.Stat(name)
	return err == nil && !fi.IsDir()
}

// maxAccountFile bounds how much of the account file is read. The file is
// Claude Code's whole global config (projects, history, caches): several
// megabytes is normal for a heavy user, far above fsys.MaxFile, and the
// label must not vanish because of it.
const maxAccountFile = 64 << 20

// accountEmail is the label for d's login, "" when unknown. It is a label
// only: any failure to read it is silent.
func accountEmail(in Input, d configDir) string {
	name := accountFile(in, d)
	var data []byte
	if o, ok := in.FS.(fsys.Opener); ok {
		f, err := o.Open(name)
		if err != nil {
			return ""
		}
		defer f.Close()
		var buf bytes.Buffer
		if fi, err := in.FS.Stat(name); err == nil && fi.Size() < maxAccountFile {
			buf.Grow(int(fi.Size()) + bytes.MinRead)
		}
		if _, err := buf.ReadFrom(io.LimitReader(f, maxAccountFile)); err != nil {
			return ""
		}
		data = buf.Bytes()
	} else {
		var err error
		if data, err = in.FS.ReadFile(name); err != nil {
			return ""
		}
	}
	return cleanLabel(findEmail(data))
}

// findEmail returns oauthAccount.emailAddress of a JSON object, "" when it
// is not there. Only that member is decoded (by encoding/json); every other
// top-level value is skipped by a scanner that tracks strings and nesting
// and nothing else, so a multi-megabyte projects map costs a few
// milliseconds. (A json.Decoder token walk, or unmarshalling the file into
// a one-field struct, both scan every byte through the full JSON state
// machine and measured several times slower on a 6.5 MB file.) The first
// oauthAccount wins; anything malformed before it gives "".
func findEmail(data []byte) string {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return ""
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != '"' {
			return ""
		}
		end := skipString(data, i)
		if end < 0 {
			return ""
		}
		var key string
		if json.Unmarshal(data[i:end], &key) != nil {
			return ""
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return ""
		}
		i = skipSpace(data, i+1)
		if key == "oauthAccount" {
			var acct struct {
				Email string `json:"emailAddress"`
			}
			dec := json.NewDecoder(bytes.NewReader(data[i:]))
			if dec.Decode(&acct) != nil {
				return ""
			}
			return acct.Email
		}
		if i = skipValue(data, i); i < 0 {
			return ""
		}
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != ',' {
			return ""
		}
		i++
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at data[i] ('"'),
// -1 when it does not end.
func skipString(data []byte, i int) int {
	i++
	for {
		j := bytes.IndexAny(data[i:], `"\`)
		if j < 0 {
			return -1
		}
		i += j
		if data[i] == '"' {
			return i + 1
		}
		i += 2 // an escape and the byte it escapes
		if i > len(data) {
			return -1
		}
	}
}

// skipValue returns the index after the value starting at data[i], -1 when
// it does not end. Containers are skipped by depth; scalars up to the next
// delimiter.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		// One plain loop: most of a large config is short strings, where
		// a search call per string costs more than it saves.
		depth, inString := 0, false
		for ; i < len(data); i++ {
			c := data[i]
			if inString {
				switch c {
				case '\\':
					i++
				case '"':
					inString = false
				}
				continue
			}
			switch c {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	j := bytes.IndexAny(data[i:], ",}] \t\r\n")
	if j <= 0 {
		return -1
	}
	return i + j
}

// cleanLabel keeps a label printable on one line and short: it is shown in
// a menu and a table, and a file could hold anything there. A label is
// never a secret; a value shaped like one is not shown (redact.Label).
func cleanLabel(s string) string {
	s = strings.ReplaceAll(safetext.Line(s), "\uFFFD", "")
	s = redact.Label(strings.TrimSpace(s))
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100]) + "…"
	}
	return s
}

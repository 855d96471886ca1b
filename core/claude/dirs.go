package claude

import (
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Where a config dir came from decides its keychain service name, the file
// that holds its account email, and the command that signs it in again.
type origin int

const (
	fromDefault   origin = iota // ~/.claude
	fromConfigEnv               // $CLAUDE_CONFIG_DIR
	fromSecureEnv               // $CLAUDE_SECURESTORAGE_CONFIG_DIR
	fromSettings                // claude_config_dirs in settings.toml
)

const (
	envConfigDir = "CLAUDE_CONFIG_DIR"
	envSecureDir = "CLAUDE_SECURESTORAGE_CONFIG_DIR"
)

// configDir is one Claude Code config dir, after deduplication.
type configDir struct {
	// Path is absolute, cleaned and NFC-normalised: the row's identity.
	Path string
	// Origins lists every way the dir was named, first one first.
	Origins []origin
	// Written holds the dir exactly as each non-default origin spelled it
	// (NFC, ~ expanded, not cleaned): Claude Code hashes that spelling, not
	// the path, into the keychain service name, so a trailing slash matters.
	Written []string
	// Bad is set when the dir cannot be used (a relative path); it is the
	// row's sentence.
	Bad string
}

func (d configDir) has(o origin) bool { return slices.Contains(d.Origins, o) }

// isDefault reports whether this row is the plain `~/.claude` login.
func (d configDir) isDefault() bool { return d.has(fromDefault) }

// configDirs lists the dirs to read, in Claude Code's order of precedence:
// ~/.claude, then the environment's override, then the settings' extras.
// Two names for the same cleaned path are one row.
func configDirs(in Input) []configDir {
	var out []configDir
	add := func(raw string, o origin) {
		written := norm.NFC.String(expandHome(raw, in.Home))
		d := configDir{Path: filepath.Clean(written), Origins: []origin{o}}
		if o != fromDefault {
			d.Written = []string{written}
		}
		if !filepath.IsAbs(written) {
			d.Path = written
			d.Bad = "Config dir " + written + " is not an absolute path"
		}
		for i := range out {
			if out[i].Path == d.Path {
				out[i].Origins = append(out[i].Origins, o)
				out[i].Written = appendNew(out[i].Written, d.Written...)
				return
			}
		}
		out = append(out, d)
	}
	add(filepath.Join(in.Home, ".claude"), fromDefault)
	// CLAUDE_SECURESTORAGE_CONFIG_DIR, when set, decides alone: empty
	// means ~/.claude (with the plain service name), which is already
	// listed, so CLAUDE_CONFIG_DIR names no login then. Only when it is
	// unset does CLAUDE_CONFIG_DIR.
	if v, set := in.lookupEnv(envSecureDir); set {
		if v != "" {
			add(v, fromSecureEnv)
		}
	} else if v := in.getenv(envConfigDir); v != "" {
		add(v, fromConfigEnv)
	}
	for _, v := range in.Dirs {
		if strings.TrimSpace(v) == "" {
			continue
		}
		add(v, fromSettings)
	}
	return out
}

// lookupEnv is in.LookupEnv, or Getenv with "" taken as unset.
func (in Input) lookupEnv(name string) (string, bool) {
	if in.LookupEnv != nil {
		return in.LookupEnv(name)
	}
	v := in.getenv(name)
	return v, v != ""
}

func (in Input) getenv(name string) string {
	if in.Getenv == nil {
		return ""
	}
	return in.Getenv(name)
}

// expandHome expands a leading "~" or "~/" to home, keeping the rest as
// written (a trailing slash changes the keychain service name).
func expandHome(p, home string) string {
	if p == "~" {
		return home
	}
	if strings.HasPrefix(p, "~/") {
		return strings.TrimSuffix(home, "/") + p[1:]
	}
	return p
}

// tilde abbreviates home to "~" for labels people read.
func tilde(p, home string) string {
	if home == "" || home == "/" {
		return p
	}
	if p == home {
		return "~"
	}
	if strings.HasPrefix(p, home+"/") {
		return "~" + p[len(home):]
	}
	return p
}

func appendNew(xs []string, ys ...string) []string {
	for _, y := range ys {
		if !slices.Contains(xs, y) {
			xs = append(xs, y)
		}
	}
	return xs
}

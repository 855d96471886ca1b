package claude

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"unicode"
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

// accountEmail is the label for d's login, "" when unknown. It is a label
// only: any failure to read it is silent.
func accountEmail(in Input, d configDir) string {
	b, err := in.FS.ReadFile(accountFile(in, d))
	if err != nil {
		return ""
	}
	var cfg struct {
		OAuthAccount *struct {
			Email string `json:"emailAddress"`
		} `json:"oauthAccount"`
	}
	if json.Unmarshal(b, &cfg) != nil || cfg.OAuthAccount == nil {
		return ""
	}
	return cleanLabel(cfg.OAuthAccount.Email)
}

// cleanLabel keeps a label printable on one line and short: it is shown in
// a menu and a table, and a file could hold anything there.
func cleanLabel(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	// A label is never a secret; a value shaped like one is not shown.
	if strings.Contains(s, "sk-ant-") {
		return ""
	}
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100]) + "…"
	}
	return s
}

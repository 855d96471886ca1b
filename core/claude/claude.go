// Package claude reads Claude Code's own login: one row per config dir.
//
// On Linux the login is <dir>/.credentials.json. On macOS it is a keychain
// item first (read through Input.Keychain) and the same file as fallback,
// as Claude Code itself reads it. Nothing here refreshes or writes a token,
// and no row carries a token byte: only whether each token is present.
package claude

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// Input is what reading Claude Code's login needs.
type Input struct {
	Home   string
	Getenv func(string) string
	// LookupEnv tells a variable set to "" from an unset one (optional;
	// without it an empty variable counts as unset).
	LookupEnv func(string) (string, bool)
	FS        fsys.FS
	// Dirs are extra config dirs from the settings file ("~" is expanded).
	Dirs []string
	// Keychain is the macOS login keychain; nil where there is none.
	Keychain Keychain
	// KeychainCache, when set, spares re-reading an item whose
	// modification date has not changed (a long-running view's scans).
	KeychainCache *KeychainCache
	// User is the login name, the keychain account when $USER is unset.
	User string
	// Secrets collects the secret values read (nil: none collected).
	Secrets *redact.Set
}

// CredentialsFile is the file name Claude Code keeps its login in.
const CredentialsFile = ".credentials.json"

// Read returns one profile per Claude Code config dir.
func Read(ctx context.Context, in Input) []profile.Profile {
	if in.Getenv == nil {
		in.Getenv = func(string) string { return "" }
	}
	var out []profile.Profile
	for _, d := range configDirs(in) {
		out = append(out, readDir(ctx, in, d))
	}
	return out
}

// Watches are what a live view watches to notice a change to Read's result:
// each config dir (Claude Code replaces .credentials.json by rename, so the
// dir is watched, not the file), for the files read from it. A dir that does
// not exist yet is listed as is: the live view watches its parent for it to
// appear. Claude Code writes much else in its dir (history.jsonl, projects/,
// todos/), which must not cause a scan. Home is not watched for
// ~/.claude.json: Claude Code rewrites that file constantly, and the email in
// it only changes with a new login, which rewrites the credentials too.
// Keychain items cannot be watched; see KeychainItems.
func Watches(in Input) []fsys.Watch {
	if in.Getenv == nil {
		in.Getenv = func(string) string { return "" }
	}
	var out []fsys.Watch
	seen := map[string]bool{}
	for _, d := range configDirs(in) {
		if d.Bad != "" || seen[d.Path] {
			continue
		}
		seen[d.Path] = true
		w := fsys.Watch{Dir: d.Path, Names: []string{CredentialsFile, ".claude.json", ".config.json"}}
		if in.FS != nil {
			if fi, err := in.FS.Stat(d.Path); err == nil && !fi.IsDir() {
				// A file where the dir should be: its replacement by a dir
				// is what matters.
				w = fsys.FileWatch(d.Path)
			}
		}
		out = append(out, w)
	}
	return out
}

// Item names one keychain item that may hold a login.
type Item struct{ Service, Account string }

// KeychainItems are the keychain items Read may read, for a live view to
// poll cheaply (by modification date, never by reading the secret). Empty
// without a keychain.
func KeychainItems(in Input) []Item {
	if in.Keychain == nil {
		return nil
	}
	if in.Getenv == nil {
		in.Getenv = func(string) string { return "" }
	}
	var out []Item
	for _, d := range configDirs(in) {
		if d.Bad != "" {
			continue
		}
		for _, s := range services(d) {
			for _, a := range accounts(in) {
				out = append(out, Item{Service: s, Account: a})
			}
		}
	}
	return out
}

// readDir builds d's row: the keychain item when there is one, else the
// file.
func readDir(ctx context.Context, in Input, d configDir) profile.Profile {
	p := baseRow(in, d)
	if d.Bad != "" {
		p.State, p.Message, p.Location = profile.Error, d.Bad, d.Path
		return finish(p, nil)
	}
	var kcErr error
	kcService := ""
	if in.Keychain != nil {
		r := readKeychain(ctx, in, d)
		switch {
		case r.found:
			p.Location = "keychain:" + r.service
			return fromStore(p, r.login, r.err)
		case errors.Is(r.err, ErrNotFound):
			// Claude Code falls back to the file; so does authtray.
		default:
			kcErr, kcService = r.err, r.service
			if kcService == "" {
				kcService = services(d)[0]
			}
		}
	}
	file := filepath.Join(d.Path, CredentialsFile)
	p.Location = file
	b, err := in.FS.ReadFile(file)
	if err == nil {
		doc, perr := parseDocument(b, in.Secrets)
		var l login
		if perr == nil {
			l, perr = parseLogin(doc.OAuth, in.Secrets)
		}
		p = fromStore(p, l, perr)
		if kcErr != nil {
			p.Note = keychainProblem(kcErr) + "; showing " + CredentialsFile
			p.AskAgain = p.AskAgain || Refused(kcErr)
		}
		return p
	}
	if kcErr != nil && errors.Is(err, fs.ErrNotExist) {
		// Nothing to fall back to: the login can only be in the keychain,
		// and the keychain cannot be read.
		p.Location = "keychain:" + kcService
		p.State, p.Message = profile.Error, keychainProblem(kcErr)
		p.AskAgain = Refused(kcErr)
		if errors.Is(kcErr, ErrLocked) {
			p.Fix = unlockFix
		}
		return finish(p, nil)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		p.Message = "Cannot read " + CredentialsFile + ": " + fsys.Reason(err)
		if !errors.Is(err, fsys.ErrTooLarge) {
			// The path is broken, not the login: signing in would not help.
			profile.Unreadable(&p, file)
		} else {
			p.State = profile.Error
		}
		return finish(p, nil)
	}
	p.State = profile.Missing
	p.Message = "Not signed in"
	if !d.isDefault() {
		if _, serr := in.FS.Stat(d.Path); serr != nil {
			p.Location = d.Path
			if errors.Is(serr, fs.ErrNotExist) {
				p.Message = "Config dir " + tilde(d.Path, in.Home) + " does not exist"
			} else {
				p.Message = "Cannot read config dir " + tilde(d.Path, in.Home) + ": " + fsys.Reason(serr)
				profile.Unreadable(&p, d.Path)
			}
		}
	}
	return finish(p, nil)
}

// unlockFix unlocks the login keychain in a terminal (it asks for the
// password there, which is what a locked keychain needs).
const unlockFix = "security unlock-keychain"

// keychainProblem is the sentence for a keychain that could not be read.
func keychainProblem(err error) string {
	switch {
	case errors.Is(err, ErrLocked):
		return "The login keychain is locked"
	case errors.Is(err, ErrDenied):
		return "Access to the Keychain item was denied"
	case errors.Is(err, ErrNoAnswer):
		return "The Keychain did not answer in time (an access prompt left unanswered?)"
	}
	var bad badInput
	if errors.As(err, &bad) {
		return string(bad)
	}
	return "The keychain could not be read: " + err.Error()
}

// Package pushstore keeps the push targets: named URLs that carry secrets
// (an ntfy access token, a bot token, a webhook key).
//
// The URL itself lives in the platform's keyring (Secret Service on Linux,
// the Keychain on macOS, through go-keyring), or, on a host with no Secret
// Service at all, in a 0600 file under the config dir. What is not secret
// lives in an index file beside settings.toml: each target's name, its
// scheme and host (what `push list` shows) and where its URL is. The index
// is a file rather than one keyring item holding a list because it must be
// readable when the keyring is not: `push list` on a locked keyring still
// names every target, and a background Load on a host with no targets never
// talks to the keyring at all. AUTHTRAY_PUSH (newline-separated URLs) adds
// targets for containers, where there is neither.
//
// Load is for the tray and the watcher: it never prompts and never
// unlocks, and it returns within a few seconds whatever the keyring does.
package pushstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/authtray/authtray/core/redact"
)

// Target is one place pushes go to.
type Target struct{ Name, URL string }

// Listed is a target as `push list` shows it: never the URL's secret part.
type Listed struct {
	Name   string
	Scheme string
	Host   string
	Where  Where
	// Path is the file for FileStore, "" otherwise.
	Path string
}

// Where a target's URL lives.
type Where string

const (
	KeyringStore Where = "keyring"
	FileStore    Where = "file"
	EnvStore     Where = "env"
)

// EnvVar is the environment variable that adds targets (one URL a line),
// named env-1, env-2, … in order.
const EnvVar = "AUTHTRAY_PUSH"

// StoreVar set to "file" makes Add keep URLs in the 0600 file even where a
// Secret Service could be started: a server with gnome-keyring installed
// but no desktop session to unlock it.
const StoreVar = "AUTHTRAY_PUSH_STORE"

// Bounds of keyring calls. A background Load gives up after loadWait in
// all; an interactive command waits longer, since the keyring may ask the
// user to unlock it.
const (
	loadWait        = 3 * time.Second
	interactiveWait = 60 * time.Second
)

// ringService is the keyring item's service attribute; the target's name
// is its username.
const ringService = "authtray push"

// Store reads and writes the push targets of one user.
type Store struct {
	dir    string
	getenv func(string) string
	ring   Keyring
	probe  func(ctx context.Context, interactive bool) Availability
}

// New is the store under configDir (authtray's config dir), with the
// platform's keyring.
func New(configDir string, getenv func(string) string) *Store {
	return &Store{dir: configDir, getenv: getenv, ring: osKeyring{}, probe: func(ctx context.Context, interactive bool) Availability {
		return probeKeyring(ctx, getenv, interactive)
	}}
}

// Load is every target: the stored ones and AUTHTRAY_PUSH's. It never
// prompts or unlocks, and returns within loadWait. note says, in sentences,
// what could not be read (a locked keyring, a file with loose permissions);
// err is for a broken index, which leaves only AUTHTRAY_PUSH's targets.
func (s *Store) Load(ctx context.Context) (targets []Target, note string, err error) {
	ctx, cancel := context.WithTimeout(ctx, loadWait)
	defer cancel()
	var notes []string
	targets, notes = envTargets(s.getenv(EnvVar))
	idx, err := s.readIndex()
	if err != nil {
		return targets, strings.Join(notes, " "), err
	}
	stored, more := s.fetch(ctx, idx)
	return append(stored, targets...), strings.Join(append(more, notes...), " "), nil
}

// fetch reads the URL of each indexed target without prompting.
func (s *Store) fetch(ctx context.Context, idx index) ([]Target, []string) {
	var out []Target
	var notes []string
	var file map[string]string
	var fileErr error
	var av *Availability
	for _, e := range idx.Targets {
		switch e.Where {
		case FileStore:
			if file == nil && fileErr == nil {
				file, fileErr = s.readSecrets()
				if fileErr != nil {
					notes = append(notes, fileErr.Error()+".")
				}
			}
			if u, ok := file[e.Name]; ok {
				out = append(out, Target{e.Name, u})
			} else if fileErr == nil {
				notes = append(notes, fmt.Sprintf("push target %q is not in %s; add it again.", e.Name, s.secretsPath()))
			}
		case KeyringStore:
			if av == nil {
				a := s.probe(ctx, false)
				av = &a
				switch a.State {
				case Locked:
					notes = append(notes, a.Why+": push targets are off until it is unlocked.")
				case Unavailable, Absent:
					notes = append(notes, a.Why+": push targets in the keyring are off for now.")
				}
			}
			if av.State != Ready {
				continue
			}
			u, err := s.ringGet(ctx, e.Name)
			if err != nil {
				notes = append(notes, fmt.Sprintf("push target %q: %v.", e.Name, err))
				continue
			}
			out = append(out, Target{e.Name, u})
		}
	}
	return out, notes
}

// envTargets are AUTHTRAY_PUSH's URLs, named env-1, env-2, … by line
// (blank lines and # comments are skipped but counted, so a name stays
// with its line).
func envTargets(v string) ([]Target, []string) {
	var out []Target
	var notes []string
	n := 0
	for _, line := range strings.Split(v, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		name := "env-" + strconv.Itoa(n)
		if _, err := checkURL(line); err != nil {
			notes = append(notes, fmt.Sprintf("%s target %s (line %d) is skipped: %v.", EnvVar, name, n, err))
			continue
		}
		out = append(out, Target{name, line})
	}
	return out, notes
}

// List is every target with where it lives, never the URL's secret part.
// It reads only the index and AUTHTRAY_PUSH: it works with a locked keyring.
func (s *Store) List(ctx context.Context) ([]Listed, string, error) {
	var out []Listed
	idx, err := s.readIndex()
	if err != nil {
		return nil, "", err
	}
	for _, e := range idx.Targets {
		l := Listed{Name: e.Name, Scheme: e.Scheme, Host: e.Host, Where: e.Where}
		if e.Where == FileStore {
			l.Path = s.secretsPath()
		}
		out = append(out, l)
	}
	env, notes := envTargets(s.getenv(EnvVar))
	for _, t := range env {
		p, _ := checkURL(t.URL)
		out = append(out, Listed{Name: t.Name, Scheme: p.scheme, Host: p.host, Where: EnvStore})
	}
	if idx.has(FileStore) {
		if _, err := s.readSecrets(); err != nil {
			notes = append(notes, err.Error()+".")
		}
	}
	return out, strings.Join(notes, " "), nil
}

// Add stores url under name, in the keyring when there is a Secret Service
// (it may ask to unlock it), else in the 0600 file. where says which, in a
// sentence for people. Adding an existing name replaces its URL.
func (s *Store) Add(ctx context.Context, name, url string) (where string, err error) {
	if err := CheckName(name); err != nil {
		return "", err
	}
	p, err := checkURL(url)
	if err != nil {
		return "", fmt.Errorf("push target %q: %w", name, err)
	}
	idx, err := s.readIndex()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, interactiveWait)
	defer cancel()
	e := entry{Name: name, Scheme: p.scheme, Host: p.host}
	av := s.probe(ctx, true)
	if s.getenv(StoreVar) == "file" {
		av = Availability{Absent, StoreVar + " is file"}
	}
	switch av.State {
	case Unavailable:
		return "", fmt.Errorf("store push target %q: %s", name, av.Why)
	case Absent:
		if err := s.putSecret(name, url); err != nil {
			return "", err
		}
		e.Where = FileStore
		where = fmt.Sprintf("%s, so push target %q is stored in %s (mode 0600).", av.Why, name, s.secretsPath())
	default:
		if err := s.ringSet(ctx, name, url); err != nil {
			return "", fmt.Errorf("store push target %q in the keyring: %w (on a host with no desktop session to unlock it, %s=file keeps it in a 0600 file instead)", name, err, StoreVar)
		}
		e.Where = KeyringStore
		where = fmt.Sprintf("push target %q is stored in the %s.", name, KeyringName)
	}
	old, had := idx.get(name)
	idx.put(e)
	if err := s.writeIndex(idx); err != nil {
		return "", err
	}
	if had && old.Where != e.Where {
		// The name moved: the old copy must not linger.
		s.removeSecret(ctx, old)
	}
	return where, nil
}

// Remove deletes the target name from where it lives and from the index.
func (s *Store) Remove(ctx context.Context, name string) error {
	idx, err := s.readIndex()
	if err != nil {
		return err
	}
	e, ok := idx.get(name)
	if !ok {
		if strings.HasPrefix(name, "env-") {
			return fmt.Errorf("push target %q comes from %s; change the variable to remove it", name, EnvVar)
		}
		return fmt.Errorf("no push target %q (see 'authtray push list')", name)
	}
	ctx, cancel := context.WithTimeout(ctx, interactiveWait)
	defer cancel()
	if err := s.removeSecret(ctx, e); err != nil {
		return err
	}
	idx.drop(name)
	return s.writeIndex(idx)
}

func (s *Store) removeSecret(ctx context.Context, e entry) error {
	if e.Where == FileStore {
		return s.dropSecret(e.Name)
	}
	err := s.ringDelete(ctx, e.Name)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("remove push target %q from the keyring: %w", e.Name, err)
	}
	return nil
}

// clean masks anything secret-shaped in a keyring library's error, which
// is not ours and might one day quote what it was given.
func clean(err error) error {
	if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	msg := err.Error()
	if redact.Shaped(msg) || strings.Contains(msg, "://") {
		return errors.New("the keyring refused (its message is not shown: it may hold a secret)")
	}
	return errors.New(msg)
}

package parity

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite"
)

// secrets holds every fake secret written into any scenario HOME: authtray's
// output must contain none of their bytes.
var secrets struct {
	sync.Mutex
	all []secret
}

// secret is one fake credential; prefix is its fixed, well-known start (the
// rest is random), so the leak check can look for the first 8 random bytes.
type secret struct{ prefix, value string }

// newSecret returns a token-shaped fake: prefix, "FAKE", random letters and
// digits, n characters in all (the gateway refuses setup-tokens under 80).
func newSecret(prefix string, n int) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n-len(prefix)-4)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	v := prefix + "FAKE" + string(b)
	secrets.Lock()
	secrets.all = append(secrets.all, secret{prefix, v})
	secrets.Unlock()
	return v
}

// home is one scenario HOME being built.
type home struct {
	ctx  context.Context
	dir  string
	or   *oracle
	log  *os.File
	now  time.Time
	name string
	env  []string // the scenario's extra environment
}

// oc runs a gateway command that builds the scenario; it must succeed.
func (h *home) oc(stdin string, args ...string) error { return h.ocEnv(nil, stdin, args...) }

// ocEnv is oc with extra environment for this one command (a variable a
// `secrets apply` must see, which later runs must not).
func (h *home) ocEnv(extra []string, stdin string, args ...string) error {
	r, err := h.or.run(h.ctx, h.dir, stdin, true, append(append([]string{}, h.env...), extra...), args...)
	fmt.Fprintf(h.log, "%s\n\n", r)
	if err != nil {
		return err
	}
	if r.code != 0 {
		return fmt.Errorf("%s: gateway command failed:\n%s", h.name, r)
	}
	return nil
}

func (h *home) path(rel string) string { return filepath.Join(h.dir, rel) }

func (h *home) stateDB() string { return h.path(".openclaw/state/openclaw.sqlite") }

func (h *home) writeFile(rel, content string) error {
	p := h.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(content), 0o600)
}

func (h *home) ms(d time.Duration) int64 { return h.now.Add(d).UnixMilli() }

// script writes an executable (0700, owned by us, as the gateway's exec
// providers require) into the HOME and returns its absolute path.
func (h *home) script(rel, body string) (string, error) {
	p := h.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", err
	}
	return p, os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700)
}

// editAgentRow applies edit to the store row of an agent's
// openclaw-agent.sqlite, as editRow does for the state DB.
func (h *home) editAgentRow(agentDir string, edit func(map[string]any)) error {
	p := h.path(filepath.Join(agentDir, "openclaw-agent.sqlite"))
	db, err := sql.Open("sqlite", p)
	if err != nil {
		return fmt.Errorf("open %s: %w", p, err)
	}
	defer db.Close()
	var raw string
	if err := db.QueryRow(`SELECT store_json FROM auth_profile_store WHERE store_key = 'primary'`).Scan(&raw); err != nil {
		return fmt.Errorf("read the store row of %s: %w", p, err)
	}
	v := map[string]any{}
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return err
	}
	edit(v)
	b, _ := json.Marshal(v)
	if _, err := db.Exec(`UPDATE auth_profile_store SET store_json = ? WHERE store_key = 'primary'`, string(b)); err != nil {
		return fmt.Errorf("write the store row of %s: %w", p, err)
	}
	fmt.Fprintf(h.log, "# %s store := %s\n\n", p, redactForLog(b))
	return nil
}

// editRow applies edit to the JSON value of a config_machine_state row of the
// state DB (a missing row starts as {"version":1}): the same rows the gateway
// reads, for what its CLI cannot create offline (OAuth, disabled, cooldown).
func (h *home) editRow(key string, edit func(map[string]any)) error {
	db, err := sql.Open("sqlite", h.stateDB())
	if err != nil {
		return fmt.Errorf("open %s: %w", h.stateDB(), err)
	}
	defer db.Close()
	var raw string
	v := map[string]any{"version": 1}
	err = db.QueryRow(`SELECT value_json FROM config_machine_state WHERE state_key = ?`, key).Scan(&raw)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return fmt.Errorf("read row %s of %s: %w", key, h.stateDB(), err)
	default:
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return fmt.Errorf("row %s of %s: %w", key, h.stateDB(), err)
		}
	}
	edit(v)
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = db.Exec(`INSERT INTO config_machine_state (state_key, value_json, updated_at_ms) VALUES (?, ?, ?)
		ON CONFLICT(state_key) DO UPDATE SET value_json = excluded.value_json, updated_at_ms = excluded.updated_at_ms`,
		key, string(b), time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("write row %s of %s: %w", key, h.stateDB(), err)
	}
	fmt.Fprintf(h.log, "# row %s := %s\n\n", key, redactForLog(b))
	return nil
}

// profiles edits the profiles of the shared store row.
func (h *home) profiles(edit func(ps map[string]any)) error {
	return h.editRow("authProfiles.store", func(v map[string]any) {
		ps, _ := v["profiles"].(map[string]any)
		if ps == nil {
			ps = map[string]any{}
		}
		edit(ps)
		v["profiles"] = ps
	})
}

// usageStats sets the runtime state of one profile in the shared state row.
func (h *home) usageStats(id string, stats map[string]any) error {
	return h.editRow("authProfiles.state", func(v map[string]any) {
		us, _ := v["usageStats"].(map[string]any)
		if us == nil {
			us = map[string]any{}
		}
		us[id] = stats
		v["usageStats"] = us
	})
}

// editConfig is the build of a scenario that only edits its parent's
// config.
func editConfig(edit func(map[string]any)) func(*home) error {
	return func(h *home) error { return h.config(edit) }
}

// config edits openclaw.json (the CLI writes plain JSON).
func (h *home) config(edit func(map[string]any)) error {
	p := h.path(".openclaw/openclaw.json")
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("parse %s: %w", p, err)
	}
	edit(v)
	b, err = json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(h.log, "# %s := %s\n\n", p, b)
	return os.WriteFile(p, b, 0o600)
}

// redactForLog keeps build logs free of the secrets too, so a failure's
// printout never shows a whole fake token next to authtray's output.
func redactForLog(b []byte) string {
	s := string(b)
	secrets.Lock()
	defer secrets.Unlock()
	for _, sec := range secrets.all {
		s = replaceAll(s, sec.value, sec.prefix+"FAKE…")
	}
	return s
}

// copyHome copies a built HOME, leaving out the gateway's caches.
func copyHome(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel == ".cache" {
			return filepath.SkipDir
		}
		to := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(to, info.Mode().Perm())
		case d.Type()&fs.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(l, to)
		default:
			return copyFile(p, to, info.Mode().Perm())
		}
	})
}

func copyFile(from, to string, mode fs.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	return out.Close()
}

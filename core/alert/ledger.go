package alert

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/authtray/authtray/internal/atomicfile"
)

// Entry records one notification sent: which credential slot (Key, which
// includes the host), which credential in it (Fingerprint, a hash of facts,
// never of the secret), and which threshold.
type Entry struct {
	Key         string    `json:"key"`
	Host        string    `json:"host,omitempty"`
	Fingerprint string    `json:"fingerprint"`
	Threshold   string    `json:"threshold"`
	SentAt      time.Time `json:"sentAt"`
}

// ledgerVersion changes only if Entry changes meaning.
const ledgerVersion = 1

// Ledger is the set of notifications already sent.
type Ledger struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

// Store holds the ledger's bytes (File in production, a fake in tests).
// Load returns fs.ErrNotExist (wrapped or not) when there is nothing yet.
type Store interface {
	Load() ([]byte, error)
	Save([]byte) error
}

// LedgerFile is the ledger's name in the state dir.
const LedgerFile = "notified.json"

// LoadLedger reads the ledger. A missing one is empty; a corrupt one is
// empty too (the worst outcome is one repeated notification) and the error
// says so.
func LoadLedger(st Store) (*Ledger, error) {
	l := &Ledger{Version: ledgerVersion}
	b, err := st.Load()
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("read notification ledger: %w", err)
	}
	var got Ledger
	if err := json.Unmarshal(b, &got); err != nil {
		return l, fmt.Errorf("notification ledger is corrupt (%v)", err)
	}
	if got.Version != ledgerVersion {
		return l, fmt.Errorf("notification ledger has unknown version %d", got.Version)
	}
	l.Entries = got.Entries
	return l, nil
}

// Save writes the ledger.
func (l *Ledger) Save(st Store) error {
	l.Version = ledgerVersion
	if l.Entries == nil {
		l.Entries = []Entry{}
	}
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("encode notification ledger: %w", err)
	}
	return st.Save(append(b, '\n'))
}

func (l *Ledger) has(key, fp, threshold string) bool {
	return slices.ContainsFunc(l.Entries, func(e Entry) bool {
		return e.Key == key && e.Fingerprint == fp && e.Threshold == threshold
	})
}

// others returns the entries for key whose fingerprint is not fp.
func (l *Ledger) others(key, fp string) []Entry {
	var out []Entry
	for _, e := range l.Entries {
		if e.Key == key && e.Fingerprint != fp {
			out = append(out, e)
		}
	}
	return out
}

func (l *Ledger) add(e Entry) {
	if !l.has(e.Key, e.Fingerprint, e.Threshold) {
		l.Entries = append(l.Entries, e)
	}
}

// drop removes the entries for key whose fingerprint is not fp.
func (l *Ledger) drop(key, fp string) {
	l.prune(func(e Entry) bool { return e.Key != key || e.Fingerprint == fp })
}

// prune keeps the entries keep accepts and reports whether any went.
func (l *Ledger) prune(keep func(Entry) bool) bool {
	out := l.Entries[:0]
	for _, e := range l.Entries {
		if keep(e) {
			out = append(out, e)
		}
	}
	gone := len(out) != len(l.Entries)
	l.Entries = out
	return gone
}

// File is a Store in a file, written atomically: a crash or a full disk
// leaves either the old ledger or the new one, never half of one.
type File string

// Load reads the file.
func (f File) Load() ([]byte, error) { return os.ReadFile(string(f)) }

// Save writes to a temporary file in the same directory, syncs it, and
// renames it over the ledger.
func (f File) Save(b []byte) error { return atomicfile.Write(string(f), b) }

package fsys

import (
	"path/filepath"
	"slices"
	"strings"
)

// Watch is one directory a live view watches and the entries in it that a
// reader uses. Readers list exact names so that unrelated activity in a
// shared directory (a shell history in $HOME, Claude Code's projects/ and
// history.jsonl in ~/.claude) does not cause a scan. Dir need not exist: the
// live view then watches its nearest existing parent for Dir to appear.
type Watch struct {
	Dir string
	// Names are the entries of Dir whose change can change the reader's
	// result. A name also covers its writers' side files, name+"." or
	// name+"-" followed by anything: the temporary file renamed over it,
	// SQLite's -wal and -journal.
	Names []string
	// Any means every entry of Dir matters (a directory of agent dirs).
	Any bool
}

// Matches reports whether a change to the entry called name inside w.Dir
// can change the reader's result.
func (w Watch) Matches(name string) bool {
	if w.Any {
		return true
	}
	return slices.ContainsFunc(w.Names, func(n string) bool {
		return name == n || strings.HasPrefix(name, n+".") || strings.HasPrefix(name, n+"-")
	})
}

// FileWatch watches the directory of one file for that file.
func FileWatch(path string) Watch {
	return Watch{Dir: filepath.Dir(path), Names: []string{filepath.Base(path)}}
}

package live

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authtray/authtray/core/fsys"
)

// watchSet keeps the watcher on the directories that matter and decides
// which events do. A directory that does not exist yet (~/.openclaw before
// the gateway's first run) is covered by watching its nearest existing
// parent; when it appears, the parent's event triggers sync, which moves the
// watch down to it.
type watchSet struct {
	cfg      *Config
	dirs     map[string]bool // watched now
	degraded bool            // watching failed; the loop polls instead
	warned   bool

	// want are the wanted directories (existing or not) and which of their
	// entries matter, as of the last sync; owners says whose they are.
	want   map[string]fsys.Watch
	owners []owner
}

// owner is one set of watches and the sources a change in them makes dirty.
type owner struct {
	dirty dirtySet
	want  map[string]fsys.Watch
}

// watches is what the readers and the settings file ask for, merged per
// directory, and per owner: each source's own, and Config.Watches with the
// settings file, which make every source dirty.
func (w *watchSet) watches() (map[string]fsys.Watch, []owner) {
	var ws []fsys.Watch
	if w.cfg.Watches != nil {
		ws = w.cfg.Watches()
	}
	if w.cfg.SettingsPath != "" {
		ws = append(ws, fsys.FileWatch(w.cfg.SettingsPath))
	}
	owners := []owner{{everything, merge(ws)}}
	all := ws
	for i, s := range w.cfg.Sources {
		if s.Watches == nil {
			continue
		}
		sw := s.Watches()
		owners = append(owners, owner{1 << i, merge(sw)})
		all = append(all, sw...)
	}
	return merge(all), owners
}

// merge merges watches per directory, ignoring relative ones.
func merge(ws []fsys.Watch) map[string]fsys.Watch {
	out := map[string]fsys.Watch{}
	for _, x := range ws {
		if x.Dir == "" || !filepath.IsAbs(x.Dir) {
			continue
		}
		dir := filepath.Clean(x.Dir)
		m := out[dir]
		m.Dir = dir
		m.Any = m.Any || x.Any
		m.Names = append(m.Names, x.Names...)
		out[dir] = m
	}
	return out
}

// affected returns the sources a change to path can change (0: none). A
// change counts for an owner when it is an entry of one of its directories
// that its reader uses, or one of its directories itself or a directory on
// the way to one (created, removed or renamed). Everything else in a
// watched directory is ignored, above all the other files of a parent
// watched only for a missing child: $HOME for ~/.openclaw. "" is the
// watcher's "events were lost" and makes every source dirty.
func (w *watchSet) affected(path string) dirtySet {
	if path == "" {
		return everything
	}
	path = filepath.Clean(path)
	var m dirtySet
	for _, o := range w.owners {
		if relevant(o.want, path) {
			m |= o.dirty
		}
	}
	return m
}

// relevant reports whether a change to path can change what the watches in
// want cover.
func relevant(want map[string]fsys.Watch, path string) bool {
	if x, ok := want[filepath.Dir(path)]; ok && x.Matches(filepath.Base(path)) {
		return true
	}
	for dir := range want {
		if dir == path || strings.HasPrefix(dir, path+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// wanted is the set of directories to watch right now.
func (w *watchSet) wanted() []string {
	set := map[string]bool{}
	for dir := range w.want {
		if d, ok := nearest(dir, w.cfg.Exists); ok {
			set[d] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// nearest returns dir or its closest existing ancestor.
func nearest(dir string, exists func(string) bool) (string, bool) {
	for {
		if exists(dir) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// sync adds and removes watches so the watcher covers wanted().
func (w *watchSet) sync() {
	w.want, w.owners = w.watches()
	if w.cfg.Watcher == nil {
		return
	}
	want := map[string]bool{}
	failed := false
	for _, d := range w.wanted() {
		want[d] = true
		if w.dirs[d] {
			continue
		}
		if err := w.cfg.Watcher.Add(d); err != nil {
			failed = true
			if !w.warned {
				w.cfg.Logf("Cannot watch %s for changes (%v): authtray re-checks every %s instead.", d, err, w.cfg.Poll)
				w.warned = true
			}
			continue
		}
		w.dirs[d] = true
		w.cfg.Debugf("watching %s", d)
	}
	for d := range w.dirs {
		if !want[d] {
			// The directory may be gone already; the watch went with it.
			_ = w.cfg.Watcher.Remove(d)
			delete(w.dirs, d)
			w.cfg.Debugf("stopped watching %s", d)
		}
	}
	if w.degraded && !failed {
		w.cfg.Logf("Watching for changes works again.")
		w.warned = false
	}
	w.degraded = failed
}

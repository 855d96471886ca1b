package live

import (
	"path/filepath"
	"sort"
)

// watchSet keeps the watcher on the directories that matter. A directory
// that does not exist yet (~/.openclaw before the gateway's first run) is
// covered by watching its nearest existing parent; when it appears, the
// parent's event triggers sync, which moves the watch down to it.
type watchSet struct {
	cfg      *Config
	dirs     map[string]bool
	degraded bool // watching failed; the loop polls instead
	warned   bool
}

// wanted is the set of directories to watch right now.
func (w *watchSet) wanted() []string {
	paths := w.cfg.WatchPaths()
	if w.cfg.SettingsPath != "" {
		paths = append(paths, filepath.Dir(w.cfg.SettingsPath))
	}
	set := map[string]bool{}
	for _, p := range paths {
		if p == "" || !filepath.IsAbs(p) {
			continue
		}
		if d, ok := nearest(filepath.Clean(p), w.cfg.Exists); ok {
			set[d] = true
		}
	}
	out := make([]string, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
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

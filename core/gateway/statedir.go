package gateway

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// stateDir is one gateway state dir that exists, or that was named
// explicitly (OPENCLAW_STATE_DIR, --state-dir, settings) and is missing.
type stateDir struct {
	Path string
	// Live is true for the dir the installed gateway reads, or, when that
	// one does not exist, for the only older install's dir. A missing
	// OPENCLAW_STATE_DIR is still live: the gateway uses it, empty.
	Live bool
	// Explicit is true for a dir named by OPENCLAW_STATE_DIR (--state-dir)
	// or settings; Missing for one of those that does not exist.
	Explicit, Missing bool
	// Picked is true for the dir the current gateway resolves itself.
	Picked bool
	// Config is the config file to read ("" for none).
	Config string
	// Err says why the dir could not be resolved (e.g. a symlink loop).
	Err string
}

// realPather is implemented by file systems that can resolve symlinks
// (fsys.OS through filepath.EvalSymlinks; a test fake may add it).
type realPather interface {
	RealPath(name string) (string, error)
}

func realPath(f fsys.FS, p string) (string, error) {
	if r, ok := f.(realPather); ok {
		return r.RealPath(p)
	}
	if _, ok := f.(fsys.OS); ok {
		return filepath.EvalSymlinks(p)
	}
	return filepath.Clean(p), nil
}

// gatewayHome is OPENCLAW_HOME (itself ~-expanded), else HOME.
func gatewayHome(in Input) string {
	if h := strings.TrimSpace(in.Getenv("OPENCLAW_HOME")); h != "" {
		return expand(h, in.Home)
	}
	return in.Home
}

// expand resolves a leading ~ against home.
func expand(p, home string) string {
	p = strings.TrimSpace(p)
	if p == "~" {
		return home
	}
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(home, p[2:])
	}
	return filepath.Clean(p)
}

// pickedDir is the state dir the current gateway resolves (resolveStateDir):
// OPENCLAW_STATE_DIR, else ~/.openclaw if it exists, else ~/.clawdbot if it
// exists, else ~/.openclaw.
func pickedDir(in Input) string {
	home := gatewayHome(in)
	if d := strings.TrimSpace(in.Getenv("OPENCLAW_STATE_DIR")); d != "" {
		return expand(d, home)
	}
	for _, name := range []string{".openclaw", ".clawdbot"} {
		// One that cannot be looked at may well be the gateway's (it may
		// run as another user): picked, it becomes a "cannot be read" row
		// rather than a silent switch to the next candidate. A broken link
		// is absent to the gateway too (existsSync), so it is passed over.
		if ok, err := isDir(in.FS, filepath.Join(home, name)); ok || (err != nil && !errors.Is(err, fsys.ErrBrokenLink)) {
			return filepath.Join(home, name)
		}
	}
	return filepath.Join(home, ".openclaw")
}

// stateDirs lists every state dir that exists, the gateway's own first, each
// real directory once.
func stateDirs(in Input) []stateDir {
	home := gatewayHome(in)
	picked := pickedDir(in)
	cands := []string{picked}
	// explicit are the dirs named by the user, reported when missing.
	explicit := map[string]bool{}
	if strings.TrimSpace(in.Getenv("OPENCLAW_STATE_DIR")) != "" {
		explicit[picked] = true
	}
	for _, h := range []string{home, in.Home} {
		for _, name := range []string{".openclaw", ".clawdbot", ".moltbot"} {
			cands = append(cands, filepath.Join(h, name))
		}
	}
	for _, v := range []string{"MOLTBOT_STATE_DIR", "CLAWDBOT_STATE_DIR"} {
		if d := strings.TrimSpace(in.Getenv(v)); d != "" {
			cands = append(cands, expand(d, in.Home))
		}
	}
	for _, d := range in.StateDirs {
		if strings.TrimSpace(d) != "" {
			cands = append(cands, expand(d, in.Home))
			explicit[expand(d, in.Home)] = true
		}
	}
	var out []stateDir
	seen := map[string]bool{}
	for _, c := range cands {
		if seen[c] {
			continue
		}
		seen[c] = true
		real, err := realPath(in.FS, c)
		if err != nil {
			if isNotExist(in.FS, c) {
				if explicit[c] {
					out = append(out, stateDir{Path: c, Picked: c == picked, Explicit: true, Missing: true})
				}
				continue
			}
			// Stat names the problem the way people know it ("too many
			// levels of symbolic links"); EvalSymlinks does not.
			if _, serr := in.FS.Stat(c); serr != nil {
				err = serr
			}
			out = append(out, stateDir{Path: c, Picked: c == picked, Err: fsys.Reason(err)})
			continue
		}
		dir, serr := isDir(in.FS, c)
		if serr != nil {
			out = append(out, stateDir{Path: c, Picked: c == picked, Err: fsys.Reason(serr)})
			continue
		}
		if seen["real:"+real] || !dir {
			continue
		}
		seen["real:"+real] = true
		out = append(out, stateDir{Path: c, Picked: c == picked, Explicit: explicit[c]})
	}
	live := -1
	for i, d := range out {
		if d.Picked && d.Err == "" {
			live = i
		}
	}
	if live < 0 {
		for i, d := range out {
			if d.Err == "" && !d.Missing {
				live = i
				break
			}
		}
	}
	for i := range out {
		out[i].Live = i == live
		out[i].Config = configPath(in, out[i])
	}
	return out
}

// configPath: for the gateway's own dir OPENCLAW_CONFIG_PATH, else the
// first of openclaw.json, clawdbot.json that exists (the gateway ignores
// moltbot.json); for an older install's dir the first of openclaw.json,
// clawdbot.json, moltbot.json.
func configPath(in Input, d stateDir) string {
	names := []string{"openclaw.json", "clawdbot.json", "moltbot.json"}
	if d.Picked {
		if p := strings.TrimSpace(in.Getenv("OPENCLAW_CONFIG_PATH")); p != "" {
			return expand(p, gatewayHome(in))
		}
		names = names[:2]
	}
	for _, name := range names {
		// One that cannot be looked at is picked: reading it says why.
		p := filepath.Join(d.Path, name)
		if ok, err := fsys.Lookup(in.FS, p); ok || err != nil {
			return p
		}
	}
	return filepath.Join(d.Path, "openclaw.json")
}

// cliFor names the command that manages a state dir: openclaw for current
// stores, else the program of the dir's era.
func cliFor(f fsys.FS, dir string) string {
	for _, p := range []string{filepath.Join(dir, "state", "openclaw.sqlite"), filepath.Join(dir, "openclaw.json")} {
		// One that cannot be looked at may be there: a current install.
		if ok, err := fsys.Lookup(f, p); ok || err != nil {
			return "openclaw"
		}
	}
	switch filepath.Base(dir) {
	case ".clawdbot":
		return "clawdbot"
	case ".moltbot":
		return "moltbot"
	}
	return "openclaw"
}

// envFiles are the gateway's dotenv files, in order (resolveGlobalDotEnvPaths):
// <configDir>/.env, then ~/.config/openclaw/gateway.env unless
// OPENCLAW_STATE_DIR is set (even to "") and the first file is not
// ~/.openclaw/.env.
func envFiles(in Input) []string {
	home := gatewayHome(in)
	configDir := filepath.Join(home, ".openclaw")
	if d := strings.TrimSpace(in.Getenv("OPENCLAW_STATE_DIR")); d != "" {
		configDir = expand(d, home)
	} else if p := strings.TrimSpace(in.Getenv("OPENCLAW_CONFIG_PATH")); p != "" {
		configDir = filepath.Dir(expand(p, home))
	}
	stateEnv := filepath.Join(configDir, ".env")
	if _, set := in.lookupEnv("OPENCLAW_STATE_DIR"); set && filepath.Clean(stateEnv) != filepath.Join(home, ".openclaw", ".env") {
		return []string{stateEnv}
	}
	return []string{stateEnv, filepath.Join(home, ".config", "openclaw", "gateway.env")}
}

// isDir reports whether p is a directory (following links). The error is
// set only when that cannot be told: absent is false, nil.
func isDir(f fsys.FS, p string) (bool, error) {
	fi, err := f.Stat(p)
	if err == nil {
		return fi.IsDir(), nil
	}
	_, err = fsys.Lookup(f, p)
	return false, err
}

// isNotExist reports whether p is absent — not merely unreadable, and not
// a broken link (which is there, and broken).
func isNotExist(f fsys.FS, p string) bool {
	ok, err := fsys.Lookup(f, p)
	return !ok && err == nil
}

// dirErrorRow reports a state dir that cannot be resolved.
func dirErrorRow(d stateDir) profile.Profile {
	p := profile.Profile{
		ID: "state dir@" + filepath.Base(d.Path), Source: profile.Gateway, Location: d.Path, State: profile.Error,
		Message: "Gateway state dir " + d.Path + " cannot be read: " + d.Err,
		Judged:  d.Picked,
	}
	profile.Unreadable(&p, d.Path)
	return p
}

// missingDirRow reports an explicitly named state dir that does not exist.
// It counts when the gateway reads that dir (OPENCLAW_STATE_DIR), as the
// gateway then runs with an empty install.
func missingDirRow(d stateDir, home string) profile.Profile {
	return profile.Profile{
		ID: "state dir@" + filepath.Base(d.Path), Source: profile.Gateway, Location: d.Path, State: profile.Missing,
		Message: "Gateway state dir " + profile.TildePath(d.Path, home) + " does not exist",
		Judged:  d.Live,
	}
}

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
	// Live is true for the dir the installed gateway reads (chooseLive).
	// A missing dir can be live: the gateway then runs on an empty one.
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
	// CLI is the program that reads the live dir: openclaw, or the older
	// clawdbot or moltbot installed in its place ("" for other dirs).
	CLI string
	// Unconfirmed marks an older-format dir when no gateway program was
	// found: whether it is live cannot be known (see chooseLive).
	Unconfirmed bool
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

// homePicked is the dir the current gateway picks with no
// OPENCLAW_STATE_DIR (resolveStateDir): ~/.openclaw if it exists, else
// ~/.clawdbot if it exists, else ~/.openclaw. A fix run in any other dir
// must name it.
func homePicked(in Input) string {
	for _, name := range []string{".openclaw", ".clawdbot"} {
		// As pickedDir: one that cannot be looked at counts as there.
		if ok, err := isDir(in.FS, filepath.Join(in.Home, name)); ok || (err != nil && !errors.Is(err, fsys.ErrBrokenLink)) {
			return filepath.Join(in.Home, name)
		}
	}
	return filepath.Join(in.Home, ".openclaw")
}

// stateDirs lists every state dir that exists, the gateway's own first, each
// real directory once, with the live one marked for the programs installed.
func stateDirs(in Input, progs installed) []stateDir {
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
	out = chooseLive(in, progs, out)
	for i := range out {
		out[i].Config = configPath(in, out[i])
	}
	return out
}

// chooseLive marks the dir the installed gateway reads, by which gateway is
// installed (findPrograms):
//   - the current gateway (openclaw), or a dir that only it writes (a state
//     database, openclaw.json) or names (OPENCLAW_STATE_DIR): the dir it
//     picks (resolveStateDir). It refuses a ~/.clawdbot of legacy JSON
//     until `openclaw doctor --fix` and ignores ~/.moltbot; with only older
//     dirs it runs on an empty ~/.openclaw, which is then the live dir;
//   - else an older CLI (clawdbot 2026.1.24 reads $CLAWDBOT_STATE_DIR, else
//     ~/.clawdbot: dist/config/paths.js; moltbot ~/.moltbot): its own dir,
//     whose JSON store is live (empty when it does not exist);
//   - else nothing is live, and every older-format dir is Unconfirmed:
//     whose rules apply cannot be known without the program.
func chooseLive(in Input, progs installed, out []stateDir) []stateDir {
	picked := -1
	anyDir := false
	for i, d := range out {
		if d.Picked && d.Err == "" {
			picked = i
		}
		if d.Err == "" && !d.Missing {
			anyDir = true
		}
	}
	_, current := progs.current()
	live, cli := -1, cliOpenClaw
	older, hasOlder := progs.older()
	switch {
	case picked >= 0 && (current || out[picked].Explicit || currentFormat(in.FS, out[picked].Path)):
		live = picked
	case current && anyDir:
		out = append([]stateDir{{Path: pickedDir(in), Picked: true, Missing: true}}, out...)
		live = 0
	case hasOlder:
		dir := olderDir(in, older.Name)
		for i, d := range out {
			if d.Err == "" && sameDir(in.FS, d.Path, dir) {
				live = i
			}
		}
		if live < 0 && anyDir {
			out = append([]stateDir{{Path: dir, Missing: true}}, out...)
			live = 0
		}
		cli = older.Name
	default:
		for i, d := range out {
			out[i].Unconfirmed = d.Err == "" && !d.Missing && !currentFormat(in.FS, d.Path) && olderFormat(in.FS, d.Path)
		}
	}
	if live >= 0 {
		out[live].Live, out[live].CLI = true, cli
	}
	return out
}

// olderDir is the state dir an older CLI reads: $CLAWDBOT_STATE_DIR, else
// ~/.clawdbot (clawdbot 2026.1.24, resolveStateDir in dist/config/paths.js);
// for moltbot, by the same pattern, $MOLTBOT_STATE_DIR, else ~/.moltbot.
func olderDir(in Input, name string) string {
	env := strings.ToUpper(name) + "_STATE_DIR"
	if d := strings.TrimSpace(in.Getenv(env)); d != "" {
		return expand(d, in.Home)
	}
	return filepath.Join(in.Home, "."+name)
}

// sameDir reports whether a and b are the same directory (real paths).
func sameDir(f fsys.FS, a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	ra, err1 := realPath(f, a)
	rb, err2 := realPath(f, b)
	return err1 == nil && err2 == nil && ra == rb
}

// olderFormat reports whether a state dir holds a gateway's config or a
// legacy store: an older CLI's live install, or one awaiting migration.
func olderFormat(f fsys.FS, dir string) bool {
	for _, name := range []string{"clawdbot.json", "moltbot.json", filepath.Join("credentials", "oauth.json")} {
		if present(f, filepath.Join(dir, name)) {
			return true
		}
	}
	entries, err := f.ReadDir(filepath.Join(dir, "agents"))
	if err != nil {
		return false
	}
	for _, e := range entries {
		for _, name := range []string{legacyJSON, "auth.json"} {
			if present(f, filepath.Join(dir, "agents", e.Name(), "agent", name)) {
				return true
			}
		}
	}
	return false
}

// currentFormat reports whether a state dir holds what only the current
// gateway writes: its state database, an agent database, or openclaw.json.
// Such a dir is the current gateway's, whatever is found installed.
func currentFormat(f fsys.FS, dir string) bool {
	for _, p := range []string{filepath.Join("state", stateDBName), "openclaw.json", filepath.Join("agents", "main", "agent", agentDBName)} {
		if present(f, filepath.Join(dir, p)) {
			return true
		}
	}
	return false
}

// present reports whether p exists, or may: a file that cannot even be
// looked at (permission denied) is there for what it says about the dir.
func present(f fsys.FS, p string) bool {
	ok, err := fsys.Lookup(f, p)
	return ok || err != nil
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

// missingDirRow reports a state dir that does not exist: one named
// explicitly, or the one the installed gateway reads while only other dirs
// exist. It counts when the gateway reads that dir, as the gateway then runs
// with an empty install.
func missingDirRow(d stateDir, home string, progs installed) profile.Profile {
	msg := "Gateway state dir " + profile.TildePath(d.Path, home) + " does not exist"
	if !d.Explicit {
		if p, ok := progs.find(d.CLI); ok {
			msg += ": the installed " + p.String() + " reads it, not the other state dirs here, so it runs on an empty one"
		}
	}
	return profile.Profile{
		ID: "state dir@" + filepath.Base(d.Path), Source: profile.Gateway, Location: d.Path, State: profile.Missing,
		Message: msg,
		Judged:  d.Live,
	}
}

// unconfirmedDirRow reports an older-format state dir when no gateway
// program is found: an older clawdbot or moltbot would read its JSON store
// as live, the current gateway refuses ~/.clawdbot until it is migrated and
// ignores ~/.moltbot. Which applies cannot be confirmed, and unconfirmed is
// never ok: the row counts, as an error.
func unconfirmedDirRow(d stateDir, home string) profile.Profile {
	dir := profile.TildePath(d.Path, home)
	return profile.Profile{
		ID: "state dir@" + filepath.Base(d.Path), Source: profile.Gateway, Location: d.Path, State: profile.Error,
		Message: "No gateway program was found (openclaw, moltbot or clawdbot on PATH, in an npm global prefix, or a gateway service unit), so whether " + dir +
			" is read, and how, can't be confirmed: an older clawdbot or moltbot reads its store as live; the current openclaw refuses ~/.clawdbot until `openclaw doctor --fix` migrates it and ignores ~/.moltbot",
		Fix:    "Put the gateway you run on PATH (or install it), then check again",
		Judged: true,
	}
}

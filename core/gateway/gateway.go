// Package gateway reads the OpenClaw/Moltbot/Clawdbot gateway's auth
// profiles, read-only, in every storage format it has used, and decides
// which of them the gateway would actually use: only those count toward the
// verdict, as in the gateway's own `models status --check`.
package gateway

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/secrets"
)

// Input is what reading the gateway needs.
type Input struct {
	Home string
	// Getenv is the process environment.
	Getenv func(string) string
	// LookupEnv tells a variable set to "" from an unset one (optional;
	// without it, "" counts as unset).
	LookupEnv func(string) (string, bool)
	FS        fsys.FS
	Now       time.Time
	// Zone renders until-times in notes (time.Local when nil).
	Zone *time.Location
	// StateDirs are extra state dirs from the settings file.
	StateDirs []string
	// Agent limits the verdict to one agent ("" judges every agent).
	Agent string
	// Secrets collects the secret values read (nil: none collected).
	Secrets *redact.Set
	// SecretOS resolves the config's file and exec SecretRefs (nil: they
	// cannot be confirmed); RefCache spares a live view running an exec
	// resolver again before the config changes (nil: no cache).
	SecretOS secrets.OS
	RefCache *RefCache
	// DBCache spares a live view re-reading databases whose files did not
	// change (nil: every database is read).
	DBCache *DBCache
	// Prefixes are npm global prefixes to look for an installed gateway
	// in beyond those PATH, $NPM_CONFIG_PREFIX and ~/.npmrc name: the
	// platform's usual ones, for an app started without the user's PATH.
	Prefixes []string
}

// Read returns every gateway profile and environment key, with Judged set on
// exactly the rows that decide the verdict.
func Read(ctx context.Context, in Input) []profile.Profile {
	defer in.DBCache.done()
	env := envkey.Lookup(in.Getenv, in.FS, envFiles(in))
	parts, liveIns := readParts(ctx, in, env)
	if liveIns != nil && liveIns.cfgErr == nil {
		// The config's env.vars count as the gateway's environment.
		env = env.WithConfig(liveIns.cfg.envVars(), liveIns.dir.Config)
		if liveIns.selecting() {
			liveIns.resolveConfigRefs(ctx, in, env)
		}
	}
	env.AddSecrets(in.Secrets)
	envRows := envProfiles(env)
	rows := assemble(in, parts, liveIns, env, envRows)
	if liveIns == nil {
		// No gateway install at all: the keys serve whatever reads them.
		for i := range envRows {
			if envRows[i].Kind != "" {
				envRows[i].Judged = true
				envRows[i].Note = ""
			}
		}
	} else {
		liveIns.cfg.showTemplates(envRows) // their uses name the config's models
	}
	if rows = append(rows, envRows...); len(rows) == 0 {
		return nil // as ever: no rows is nil
	}
	return rows
}

// part is one state dir's share of a read: a row that stands for the dir
// (an error, a missing or unconfirmed dir) or its install.
type part struct {
	row *profile.Profile
	ins *install
}

// readParts reads every state dir the gateway could use; liveIns is the
// one it uses now, if it was found.
func readParts(ctx context.Context, in Input, env envkey.Result) (parts []part, liveIns *install) {
	progs := findPrograms(in)
	for _, d := range stateDirs(in, progs) {
		if r, ok := dirRow(d, in.Home, progs); ok {
			r.StateDir = d.Path
			parts = append(parts, part{row: &r})
		}
		if d.Err != "" || (d.Missing && !d.Live) {
			continue
		}
		ins := readInstall(ctx, in, d, env, progs)
		if d.Live {
			liveIns = ins
		}
		parts = append(parts, part{ins: ins})
	}
	return parts, liveIns
}

// dirRow is the row that stands for a state dir that is not simply there:
// one that cannot be read, a missing one (the live one is read all the
// same, for what the gateway would create), or one in a format authtray
// cannot confirm.
func dirRow(d stateDir, home string, progs installed) (profile.Profile, bool) {
	switch {
	case d.Err != "":
		return dirErrorRow(d), true
	case d.Missing:
		return missingDirRow(d, home, progs), true
	case d.Unconfirmed:
		return unconfirmedDirRow(d, home), true
	}
	return profile.Profile{}, false
}

// assemble judges each install's rows (the live one against the gateway's
// rules, the others as shelved or unconfirmed) and puts every part's rows
// together, in order.
func assemble(in Input, parts []part, liveIns *install, env envkey.Result, envRows []profile.Profile) []profile.Profile {
	// One allocation: rows are large, and a host with many agents has
	// thousands (judging adds a few: room for them).
	var rows []profile.Profile
	if len(parts) > 1 {
		n := len(envRows) + 8
		for _, p := range parts {
			if n++; p.ins != nil {
				n += len(p.ins.rows)
			}
		}
		rows = make([]profile.Profile, 0, n)
	}
	for _, p := range parts {
		if p.row != nil {
			rows = append(rows, *p.row)
			continue
		}
		switch {
		case p.ins == liveIns:
			p.ins.judge(in, env, envRows)
		case p.ins.dir.Unconfirmed:
			p.ins.unconfirmed()
		default:
			p.ins.shelve()
		}
		for i := range p.ins.rows {
			p.ins.rows[i].StateDir = p.ins.dir.Path
		}
		p.ins.cfg.addSecrets(in.Secrets)
		p.ins.cfg.showTemplates(p.ins.rows)
		if len(parts) == 1 {
			return p.ins.rows // the only install's rows: no copy (ins ends here)
		}
		rows = append(rows, p.ins.rows...)
	}
	return rows
}

// Watches are what a live view watches to notice a change to Read's result,
// each directory for the files read from it: the state dir's config and
// .env, its state database, its agents/ dir (a new agent), each agent's
// database and legacy JSON, the config's $include files and the env files.
// The gateway writes much else there (sessions, logs) that must not cause a
// scan. Directories are watched, not files: the gateway replaces files by
// rename.
func Watches(in Input) []fsys.Watch {
	var out []fsys.Watch
	stateDirWatch := func(dir string) fsys.Watch {
		return fsys.Watch{Dir: dir, Names: []string{"openclaw.json", "clawdbot.json", "moltbot.json", ".env", "state", "agents"}}
	}
	// The gateway's own dir even before it exists: its appearing matters.
	out = append(out, stateDirWatch(pickedDir(in)))
	for _, d := range stateDirs(in, findPrograms(in)) {
		out = append(out,
			stateDirWatch(d.Path),
			fsys.Watch{Dir: filepath.Join(d.Path, "state"), Names: []string{stateDBName}},
			fsys.Watch{Dir: filepath.Join(d.Path, "agents"), Any: true},
			fsys.FileWatch(d.Config))
		if d.Err != "" || d.Missing {
			continue
		}
		// The config and every $include it pulls in, found by recording
		// what loading it reads (a missing include included: its
		// appearing fixes the config).
		rec := &recordFS{FS: in.FS}
		cfg, _ := loadConfig(rec, d.Config, in.Getenv)
		for _, p := range rec.read {
			out = append(out, fsys.FileWatch(p))
		}
		// A file provider's file: its change may change what resolves.
		provs, _ := cfg.get("secrets", "providers").(map[string]any)
		for _, v := range provs {
			if p, _ := v.(map[string]any); p["source"] == "file" {
				if path, _ := p["path"].(string); strings.TrimSpace(path) != "" {
					out = append(out, fsys.FileWatch(expand(path, in.Home)))
				}
			}
		}
		ins := &install{dir: d, cfg: cfg}
		ins.findAgents(in)
		for _, a := range ins.agents {
			out = append(out, fsys.Watch{Dir: a.Dir, Names: []string{agentDBName, legacyJSON}})
		}
	}
	for _, f := range envFiles(in) {
		out = append(out, fsys.FileWatch(f))
	}
	return out
}

// recordFS notes the files read through it.
type recordFS struct {
	fsys.FS
	read []string
}

func (r *recordFS) ReadFile(name string) ([]byte, error) {
	r.read = append(r.read, name)
	return r.FS.ReadFile(name)
}

// RealPath resolves links as the wrapped FS does ($include checks them).
func (r *recordFS) RealPath(name string) (string, error) { return realPath(r.FS, name) }

// lookupEnv is in.LookupEnv, or Getenv with "" taken as unset.
func (in Input) lookupEnv(name string) (string, bool) {
	if in.LookupEnv != nil {
		return in.LookupEnv(name)
	}
	v := in.Getenv(name)
	return v, v != ""
}

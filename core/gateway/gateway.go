// Package gateway reads the OpenClaw/Moltbot/Clawdbot gateway's auth
// profiles, read-only, in every storage format it has used, and decides
// which of them the gateway would actually use: only those count toward the
// verdict, as in the gateway's own `models status --check`.
package gateway

import (
	"context"
	"path/filepath"
	"time"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
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
}

// Read returns every gateway profile and environment key, with Judged set on
// exactly the rows that decide the verdict.
func Read(ctx context.Context, in Input) []profile.Profile {
	env := envkey.Lookup(in.Getenv, in.FS, envFiles(in))
	type part struct {
		row *profile.Profile
		ins *install
	}
	var parts []part
	var liveIns *install
	for _, d := range stateDirs(in) {
		if d.Err != "" {
			r := dirErrorRow(d)
			parts = append(parts, part{row: &r})
			continue
		}
		ins := readInstall(ctx, in, d, env)
		if d.Live {
			liveIns = ins
		}
		parts = append(parts, part{ins: ins})
	}
	if liveIns != nil && liveIns.cfgErr == nil {
		// The config's env.vars count as the gateway's environment.
		env = env.WithConfig(liveIns.cfg.envVars(), liveIns.dir.Config)
	}
	envRows := envProfiles(env)
	var rows []profile.Profile
	for _, p := range parts {
		if p.row != nil {
			rows = append(rows, *p.row)
			continue
		}
		if p.ins == liveIns {
			p.ins.judge(in, env, envRows)
		} else {
			p.ins.shelve()
		}
		rows = append(rows, p.ins.rows...)
	}
	if liveIns == nil {
		// No gateway install at all: the keys serve whatever reads them.
		for i := range envRows {
			if envRows[i].Kind != "" {
				envRows[i].Judged = true
				envRows[i].Note = ""
			}
		}
	}
	return append(rows, envRows...)
}

// WatchPaths are the directories whose changes can change Read's result:
// every state dir, its state/ and agent dirs, the config's dir and
// ~/.config/openclaw. Directories only: the gateway replaces files by rename.
func WatchPaths(in Input) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	add(pickedDir(in))
	for _, d := range stateDirs(in) {
		add(d.Path)
		add(filepath.Join(d.Path, "state"))
		add(filepath.Join(d.Path, "agents"))
		add(filepath.Dir(d.Config))
		if d.Err != "" {
			continue
		}
		cfg, _ := loadConfig(in.FS, d.Config, in.Getenv)
		ins := &install{dir: d, cfg: cfg}
		ins.findAgents(in)
		for _, a := range ins.agents {
			add(a.Dir)
		}
	}
	for _, f := range envFiles(in) {
		add(filepath.Dir(f))
	}
	return out
}

// lookupEnv is in.LookupEnv, or Getenv with "" taken as unset.
func (in Input) lookupEnv(name string) (string, bool) {
	if in.LookupEnv != nil {
		return in.LookupEnv(name)
	}
	v := in.Getenv(name)
	return v, v != ""
}

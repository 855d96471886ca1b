package gateway

import (
	"errors"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/authtray/authtray/core/fsys"
)

// agent is one agent of an install and its own store.
type agent struct {
	ID       string
	Dir      string
	InConfig bool
	own      *store
	// hasDB: the agent has its own openclaw-agent.sqlite; dbProfiles: its
	// store row is readable and holds at least one profile.
	hasDB, dbProfiles bool
	// refused: the gateway refuses the agent until its legacy credentials
	// are migrated (markMigration).
	refused bool
	// unreadable is where its own store is, or may be, and cannot be read
	// ("" when it was read or is absent). See unreadable.go.
	unreadable string
}

// sharedDir is the agent dir whose store is shared when the state database
// does not hold it (resolveSharedMainAuthAgentDir): OPENCLAW_AGENT_DIR for
// the gateway's own dir, else <state>/agents/main/agent.
func (ins *install) sharedDir(in Input) string {
	if d := strings.TrimSpace(in.Getenv("OPENCLAW_AGENT_DIR")); d != "" && ins.dir.Picked {
		return expand(d, gatewayHome(in))
	}
	return filepath.Join(ins.dir.Path, "agents", "main", "agent")
}

// envAgentDir is the target agent's dir override of `models status`
// without --agent (resolveEnvAgentDirOverride): OPENCLAW_AGENT_DIR, else
// PI_CODING_AGENT_DIR.
func envAgentDir(in Input) string {
	if d := strings.TrimSpace(in.Getenv("OPENCLAW_AGENT_DIR")); d != "" {
		return d
	}
	return strings.TrimSpace(in.Getenv("PI_CODING_AGENT_DIR"))
}

// findAgents lists the configured agents (main when none are), then agent
// dirs on disk that the config does not list.
func (ins *install) findAgents(in Input) {
	seen := map[string]bool{}
	ids := ins.cfg.agentIDs()
	if len(ids) == 0 {
		ids = []string{"main"}
	}
	// Only without --agent, and only for the target (default) agent.
	moved := ins.dir.Picked && in.Agent == "" && envAgentDir(in) != ""
	target := ""
	if moved {
		target = ins.cfg.defaultAgent()
	}
	for _, id := range ids {
		seen[id] = true
		dir, ok := ins.configuredDir(id, in)
		switch {
		case moved && id == target:
			dir = expand(envAgentDir(in), gatewayHome(in))
		case !ok:
			ins.errorRow("config", ins.dir.Config, id, "Gateway config could not be resolved: agent "+id+" has agentDir "+dir+" with an unset variable", "Set the variable in the gateway's environment or .env file")
			continue
		}
		ins.agents = append(ins.agents, &agent{ID: id, Dir: dir, InConfig: true})
	}
	agentsDir := filepath.Join(ins.dir.Path, "agents")
	entries, err := in.FS.ReadDir(agentsDir)
	if err != nil {
		if !fsys.Absent(err) {
			ins.brokenPathRow("agents dir", agentsDir, "", "Agents dir "+agentsDir+" cannot be listed: "+fsys.Reason(err))
			// The gateway reads unlisted agent dirs only without a config.
			ins.rows[len(ins.rows)-1].Judged = !ins.cfg.Present
		}
		return
	}
	var extra []string
	for _, e := range entries {
		id := dirAgent(e.Name())
		if seen[id] {
			continue
		}
		// Stat follows links: a linked agent dir counts like a real one, and
		// a link loop or an unreadable dir is a row, never silently absent.
		dir := filepath.Join(ins.dir.Path, "agents", e.Name(), "agent")
		fi, err := in.FS.Stat(dir)
		switch {
		case err == nil && fi.IsDir():
			extra = append(extra, e.Name())
		case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			ins.brokenPathRow("agent dir", dir, id, "Agent dir "+dir+" cannot be read: "+fsys.Reason(err))
			// The gateway reads unlisted agent dirs only without a config.
			ins.rows[len(ins.rows)-1].Judged = !ins.cfg.Present
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		ins.agents = append(ins.agents, &agent{ID: dirAgent(name), Dir: filepath.Join(ins.dir.Path, "agents", name, "agent"), InConfig: !ins.cfg.Present})
	}
}

// configuredDir is the agent dir the config gives agent id: its agentDir
// (~ expanded, relative to the config's dir), else the state dir's
// agents/<id>/agent. ok is false, with the setting as written, when it
// holds a variable left unset.
func (ins *install) configuredDir(id string, in Input) (dir string, ok bool) {
	dir = ins.cfg.agentDir(id)
	switch {
	case dir == "":
		return filepath.Join(ins.dir.Path, "agents", id, "agent"), true
	case strings.Contains(dir, "${"):
		return dir, false
	}
	dir = expand(dir, gatewayHome(in))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(ins.dir.Config), dir)
	}
	return dir, true
}

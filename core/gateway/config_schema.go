package gateway

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/authtray/authtray/core/gateway/schema"
	"github.com/authtray/authtray/core/json5"
)

// checkSchema adds the row for a config the gateway refuses: a key its
// schema does not know, or a value it does not take there (of another
// type, not one of an enum's values, out of bounds, a required key left
// out), makes it refuse the whole file ("Invalid config …"), so its
// daemon does not start and its status fails whatever the credentials. The check runs only with the schema of the
// gateway that judges this config (the installed openclaw's version, else
// the version that last wrote it): another version's schema could call a
// newer setting unknown.
func (ins *install) checkSchema(in Input) {
	if ins.cfgErr != nil || !ins.cfg.Present || ins.cli != cliOpenClaw {
		return
	}
	version := ins.judgingVersion()
	t, ok := schema.For(version)
	if !ok {
		return
	}
	// In the gateway's order: its schema (keys and values, then the
	// refinements of its roster, agent ids, providers, sandboxes and tool
	// policies), then the agents' dirs.
	v := asValidated(ins.cfg.root)
	var why string
	if is, refused := t.Check(v); refused {
		why = is.Sentence()
	}
	for _, rule := range []func() string{
		func() string { return rosterProblem(ins.cfg.root) },
		func() string { return agentRefProblem(v) },
		func() string { return customProviderProblem(v, version) },
		func() string { return sandboxProblem(v) },
		func() string { return toolsPolicyProblem(v) },
		func() string { return ins.sharedAgentDir(in) },
	} {
		if why != "" {
			break
		}
		why = rule()
	}
	if why == "" {
		return
	}
	ins.errorRow("config", ins.dir.Config, "", "Gateway config is invalid, and "+ins.cli+" "+version+" refuses all of it: "+why,
		"Correct it in "+ins.dir.Config+" (`"+ins.cli+" config validate` lists every problem)")
}

// rosterProblem is what the gateway's agents schema refuses of a roster
// written as agents.entries (AgentsSchema's refinement,
// dist/zod-schema-*.mjs): two keys that name one agent, more than one
// default: true, default: true beside ownership "explicit", several
// agents with neither, or no agent at all with ownership "explicit"
// (without it an empty or absent roster is given main). A roster converted
// from agents.list may carry a default its migration keeps out of sight: it
// is not judged.
func rosterProblem(root *json5.Object) string {
	agents, _ := get(root, "agents").(*json5.Object)
	explicit := get(agents, "ownership") == "explicit"
	entries, ok := get(agents, "entries").(*json5.Object)
	if _, hasList := agents.Get("list"); !ok && explicit && !hasList {
		entries, ok = &json5.Object{}, true
	}
	if !ok {
		return ""
	}
	first := map[string]string{}
	marked := 0
	for i := range entries.Len() {
		k, v := entries.Key(i)
		id := canonicalAgentID(k)
		if f, dup := first[id]; dup {
			return fmt.Sprintf("agents.entries has %s and %s, which name one agent (%s)", quoteKey(f), quoteKey(k), quoteKey(id))
		}
		first[id] = k
		if e, _ := v.(*json5.Object); get(e, "default") == true {
			marked++
		}
	}
	switch n := entries.Len(); {
	case n == 0 && explicit:
		return `agents.entries lists no agent, and agents.ownership is "explicit"`
	case marked > 1:
		return fmt.Sprintf("agents.entries marks %d agents default: true, where at most one may be", marked)
	case marked > 0 && explicit:
		return `agents.entries marks an agent default: true, which agents.ownership "explicit" does not allow`
	case n > 1 && marked == 0 && !explicit:
		return fmt.Sprintf(`agents.entries lists %d agents, so agents.ownership must be "explicit" (or one agent default: true)`, n)
	}
	return ""
}

// sharedAgentDir is findDuplicateAgentDirs (dist/validation-core-*.mjs):
// two configured agents whose agent dirs are one. (The gateway also
// resolves links, and folds case where the file system does; a dir shared
// through a link goes unseen here.)
func (ins *install) sharedAgentDir(in Input) string {
	byDir := map[string]string{}
	for _, id := range ins.cfg.agentIDs() {
		dir, ok := ins.configuredDir(id, in)
		if !ok {
			continue
		}
		dir = filepath.Clean(dir)
		if first, dup := byDir[dir]; dup {
			return fmt.Sprintf("agents %s and %s share the agent dir %s, where each agent needs its own", quoteKey(first), quoteKey(id), dir)
		}
		byDir[dir] = id
	}
	return ""
}

// quoteKey quotes a key for a sentence, or says "a key" when it may not be
// shown (schema.Issue's rule).
func quoteKey(k string) string {
	if schema.Printable(k) {
		return strconv.Quote(k)
	}
	return "a key"
}

// judgingVersion is the version of the gateway that reads this config:
// the installed openclaw's, else meta.lastTouchedVersion (the gateway
// that last wrote the file), else "".
func (ins *install) judgingVersion() string {
	if p, ok := ins.progs.current(); ok {
		return p.Version
	}
	return cleanVersion(ins.cfg.str("meta", "lastTouchedVersion"))
}

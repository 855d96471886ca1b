package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// File names inside a state dir and an agent dir.
const (
	stateDBName  = "openclaw.sqlite"
	agentDBName  = "openclaw-agent.sqlite"
	legacyJSON   = "auth-profiles.json"
	migrationFix = "openclaw doctor --fix"
)

// rowsAfter is the room an install's rows are given beyond its last
// read's count (readInstall).
const rowsAfter = 16

// install is everything one state dir holds: its config, its stores, the
// rows they produce, and each agent's merged view of the stores.
type install struct {
	dir    stateDir
	cli    string
	fix    gatewayFix
	fixKey string // fix.key(), made once: every database's part has it
	cfg    config
	cfgErr error
	agents []*agent
	shared *store
	views  map[string]*store
	rows   []profile.Profile
	// base is where each store's credential rows begin in rows (rowOf):
	// stores number a hundred where credentials number thousands.
	base   map[*store]int
	isCred rowSet // rows that are stored credentials
	// refCreds are the stored credentials whose secret is a SecretRef or
	// a placeholder (describeRefs' only ones).
	refCreds []*credential
	// sharedProfiles: the shared store is readable and holds a profile.
	sharedProfiles bool
	// progs are the gateway programs found installed.
	progs installed
	// refs is how each config SecretRef resolved, by setting path.
	refs map[string]refOutcome
	// owners caches harnessOwners by runtime; fs and home are the reader's.
	owners map[string][]harnessOwner
	fs     fsys.FS
	home   string
	// current: the current gateway reads this dir as its own format (its
	// state database is there, or it is the live dir of an installed
	// openclaw).
	current bool
	// sharedUnreadable is where the shared store is, or may be, and cannot
	// be read: every agent's view lacks it.
	sharedUnreadable string
	secrets          *redact.Set
	// repeated: two of the agents judged have one id (appendUse).
	repeated bool
	cache    *DBCache
	ahead    *readAhead // the agent databases being read ahead
}

// readInstall reads a state dir: config, the state database, each agent's
// database or legacy JSON. Every failure becomes a row; nothing stops the
// rest from being read.
func readInstall(ctx context.Context, in Input, d stateDir, env envkey.Result, progs installed) *install {
	rows := in.DBCache.sizeOf(d.Path)
	if rows > 0 {
		// Room for what comes after: judging's rows for models without a
		// credential, and the environment's keys, which Read appends to
		// the only install's rows (a full slice would be copied whole).
		rows += rowsAfter
	}
	ins := &install{dir: d, cli: cliFor(in.FS, d.Path), views: map[string]*store{}, rows: make([]profile.Profile, 0, rows), base: map[*store]int{}, isCred: make(rowSet, 0, rows), fs: in.FS, home: in.Home, secrets: in.Secrets, cache: in.DBCache, progs: progs}
	defer func() { in.DBCache.sized(d.Path, len(ins.rows)) }()
	if d.CLI != "" {
		ins.cli = d.CLI
	}
	ins.cfg, ins.cfgErr = loadConfig(in.FS, d.Config, env.Getenv)
	if ins.cfgErr != nil {
		ins.errorRow("config", d.Config, "", "Gateway config could not be resolved: "+ins.cfgErr.Error(), "Fix "+d.Config+" so that `"+ins.cli+" config validate` accepts it")
	}
	ins.checkSchema(in)
	ins.findAgents(in)
	ins.fix = ins.gatewayFix(in)
	ins.fixKey = ins.fix.key()

	stateDB := filepath.Join(d.Path, "state", stateDBName)
	hasStateDB, err := fsys.Lookup(in.FS, stateDB)
	switch {
	case err != nil:
		// It may well be there: no leftover JSON is read as the live store.
		ins.cannotLook(stateDB, "", err)
		ins.sharedUnreadable, hasStateDB = stateDB, true
	case hasStateDB:
		ins.readStateDB(ctx, stateDB)
	}
	// The current gateway reads a dir as its own format even before its
	// state database exists: it never reads legacy JSON as live, and asks
	// for a migration instead (a ~/.clawdbot it picked, run on HOMEs its
	// CLI built: "requires legacy credential migration").
	current := hasStateDB || d.CLI == cliOpenClaw
	ins.current = current
	ins.ahead = startReadAhead(ctx, ins.cache, ins.agents)
	for _, a := range ins.agents {
		ins.readAgent(ctx, in, a, current)
	}
	if ins.shared == nil {
		// No state-db shared store: the store in OPENCLAW_AGENT_DIR, else in
		// <state>/agents/main/agent, is the shared one
		// (resolveSharedAuthStorePath, "legacy-main").
		dir := ins.sharedDir(in)
		found := false
		for _, a := range ins.agents {
			if filepath.Clean(a.Dir) == dir {
				ins.shared, found = a.own, true
				ins.sharedProfiles = a.dbProfiles
				ins.sharedFrom(a)
				break
			}
		}
		if !found {
			a := &agent{ID: "main", Dir: dir}
			ins.readAgent(ctx, in, a, current)
			ins.shared = a.own
			ins.sharedProfiles = a.dbProfiles
			ins.sharedFrom(a)
		}
	}
	ins.markMigration(in, current, ins.sharedProfiles)
	for _, a := range ins.agents {
		switch {
		case a.own == nil && ins.shared == nil:
			ins.views[a.ID] = newStore()
		case a.own == nil:
			ins.views[a.ID] = ins.shared
		case ins.shared == nil || ins.shared == a.own:
			ins.views[a.ID] = a.own
		default:
			ins.views[a.ID] = ins.cache.merged(ins.shared, a.own)
		}
	}
	ins.markUnusable(in)
	return ins
}

// gatewayFix is how this install's fix commands run its CLI: the agent
// whose writes land in the shared store (the one whose dir is sharedDir;
// else the default agent, whose own store then overrides the shared one),
// and, for a state dir or config the CLI would not find by itself, the
// variables naming them (OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH).
func (ins *install) gatewayFix(in Input) gatewayFix {
	g := gatewayFix{cli: ins.cli}
	shared := ins.sharedDir(in)
	for _, a := range ins.agents {
		if a.InConfig && filepath.Clean(a.Dir) == shared {
			g.sharedOwner = a.ID
			break
		}
	}
	if g.sharedOwner == "" {
		for _, a := range ins.agents {
			if a.InConfig && a.ID == ins.cfg.defaultAgent() {
				g.sharedOwner = a.ID
			}
		}
	}
	if ins.cli != "openclaw" {
		return g // older CLIs: their own defaults (their variables are not known here)
	}
	if !sameDir(in.FS, ins.dir.Path, homePicked(in)) {
		g.env = append(g.env, "OPENCLAW_STATE_DIR="+ins.dir.Path)
	}
	// The gateway finds <state>/openclaw.json, else <state>/clawdbot.json,
	// by itself; any other config must be named.
	own := configPath(Input{FS: in.FS, Getenv: func(string) string { return "" }}, stateDir{Path: ins.dir.Path, Picked: true})
	if c := ins.dir.Config; c != "" && filepath.Clean(c) != filepath.Clean(own) {
		g.env = append(g.env, "OPENCLAW_CONFIG_PATH="+c)
	}
	return g
}

// readStateDB reads the shared store when auth.sharedStore says it lives in
// the state database.
func (ins *install) readStateDB(ctx context.Context, path string) {
	rows, err := ins.cache.stateDB(ctx, path)
	if err != nil {
		ins.dbErrorRow(path, "", err)
		ins.sharedUnreadable = path
		return
	}
	key := builtKey{path: path, dir: ins.dir.Path, fix: ins.fixKey, version: rows.Version}
	for i, k := range []string{keySharedStore, keyStore, keyState} {
		key.text[i], key.has[i] = rows.Rows[k]
	}
	o := ins.buildDB(key, func(secrets adder) dbOutcome { return ins.stateStore(path, rows, secrets) })
	ins.shared, ins.sharedProfiles, ins.sharedUnreadable = o.store, o.profiles, o.unreadable
}

// stateStore makes the rows of the state database's shared store (none
// when auth.sharedStore does not put it there).
func (ins *install) stateStore(path string, rows stateRows, secrets adder) dbOutcome {
	var o dbOutcome
	if rows.Version > stateDBVersion {
		ins.newerRow(path, "", rows.Version, stateDBVersion)
	}
	var loc struct {
		Location string `json:"location"`
	}
	if raw, ok := rows.Rows[keySharedStore]; !ok || json.Unmarshal([]byte(raw), &loc) != nil || loc.Location != "state-db" {
		return o
	}
	where := path + "#" + keyStore
	s := newStore()
	if raw, ok := rows.Rows[keyStore]; ok {
		parsed, err := ins.cache.parseStore(raw, secrets)
		if err != nil {
			ins.unreadableRow(where, "", err)
			// An unreadable shared store still is the shared store: agents
			// must not fall back to the main agent's.
			o.store, o.unreadable = s, where
			return o
		}
		s = parsed
		o.profiles = len(s.IDs)+len(s.Dropped) > 0
	}
	if raw, ok := rows.Rows[keyState]; ok {
		st, err := ins.cache.parseState(raw)
		if err != nil {
			ins.ignoredStateRow(path+"#"+keyState, "", err)
		} else {
			s.State = mergeState(s.State, st)
		}
	}
	ins.adopt(s, where, "")
	o.store = s
	return o
}

// readAgent reads one agent's own store: its database, or a legacy JSON file
// when no database exists.
func (ins *install) readAgent(ctx context.Context, in Input, a *agent, hasStateDB bool) {
	dbPath := filepath.Join(a.Dir, agentDBName)
	rows, hasDB, err := ins.findAgentDB(ctx, in, a, dbPath)
	a.hasDB = hasDB
	if hasDB && a.unreadable == "" {
		if err != nil {
			ins.dbErrorRow(dbPath, a.ID, err)
			a.unreadable = dbPath
		} else {
			key := builtKey{path: dbPath, agent: a.ID, dir: ins.dir.Path, fix: ins.fixKey, version: rows.Version,
				text: [3]string{rows.Store, rows.State}, has: [3]bool{rows.HasStore, rows.HasSt}}
			o := ins.buildDB(key, func(secrets adder) dbOutcome { return ins.agentStore(dbPath, a.ID, rows, secrets) })
			a.own, a.dbProfiles, a.unreadable = o.store, o.profiles, o.unreadable
		}
	}
	if hasStateDB || hasDB {
		// A current gateway never reads the JSON: it is leftover bytes, or it
		// needs migration (markMigration decides which).
		return
	}
	legacy := filepath.Join(a.Dir, legacyJSON)
	data, err := in.FS.ReadFile(legacy)
	switch {
	case fsys.Absent(err):
		return
	case err != nil:
		ins.brokenPathRow("auth store", legacy, a.ID, "Auth profile store "+legacy+" cannot be read: "+fsys.Reason(err))
		a.unreadable = legacy
		return
	}
	s, err := ins.cache.parseStore(string(data), ins.secrets)
	if err != nil {
		ins.legacyUnreadableRow(legacy, a.ID, err)
		a.unreadable = legacy
		return
	}
	ins.adopt(s, legacy, a.ID)
	a.own = s
}

// findAgentDB looks for an agent's database and reads it: hasDB as
// fsys.Lookup tells it (true when it cannot tell: a.unreadable says so,
// and nothing is read), and its rows or why they cannot be read. On the
// OS's own files, with a cache, the database's stamp tells what Lookup
// would (readDB): a host with a hundred agents made a hundred stats more
// on every read. Lookup is asked only when no stamp was taken.
func (ins *install) findAgentDB(ctx context.Context, in Input, a *agent, dbPath string) (rows agentRows, hasDB bool, err error) {
	_, osFiles := in.FS.(fsys.OS)
	read := ins.cache != nil && osFiles
	if read {
		var f found
		rows, f, err = ins.ahead.find(ctx, ins.cache, dbPath)
		switch f {
		case foundFile:
			return rows, true, err
		case foundNone:
			return agentRows{}, false, nil
		}
	}
	hasDB, lerr := fsys.Lookup(in.FS, dbPath)
	switch {
	case lerr != nil:
		// It may well be there: no leftover JSON is read as the live store.
		ins.cannotLook(dbPath, a.ID, lerr)
		a.unreadable = dbPath
		return agentRows{}, true, nil
	case hasDB && !read:
		rows, err = ins.ahead.agentDB(ctx, ins.cache, dbPath)
	}
	return rows, hasDB, err
}

// agentStore makes the rows of an agent database's store.
func (ins *install) agentStore(dbPath, agentID string, rows agentRows, secrets adder) dbOutcome {
	var o dbOutcome
	if rows.Version > agentDBVersion {
		ins.newerRow(dbPath, agentID, rows.Version, agentDBVersion)
	}
	s := newStore()
	if rows.HasStore {
		parsed, err := ins.cache.parseStore(rows.Store, secrets)
		if err != nil {
			ins.unreadableRow(dbPath, agentID, err)
			o.unreadable = dbPath
			return o
		}
		s = parsed
		o.profiles = len(s.IDs)+len(s.Dropped) > 0
	}
	if rows.HasSt {
		st, err := ins.cache.parseState(rows.State)
		if err != nil {
			ins.ignoredStateRow(dbPath, agentID, err)
		} else {
			s.State = mergeState(s.State, st)
		}
	}
	ins.adopt(s, dbPath, agentID)
	o.store = s
	return o
}

// adopt makes rows for a store's credentials.
func (ins *install) adopt(s *store, location, agentID string) {
	if need := len(ins.rows) + len(s.IDs) + 1; need > cap(ins.rows) {
		// Doubled: append grows a slice this large by a quarter, and a
		// large install's rows (360 bytes each) were copied a dozen times.
		ins.rows = slices.Grow(ins.rows, max(need, 2*cap(ins.rows))-len(ins.rows))
	}
	start := len(ins.rows)
	for k, id := range s.IDs {
		c := s.Profiles[id]
		c.Location, c.Agent = location, agentID
		c.home, c.seat = s, k
		ins.rows = append(ins.rows, credentialRow(c, ins.fix))
	}
	ins.credRows(s, start, refCreds(s))
	if len(s.Dropped) > 0 {
		ins.rows = append(ins.rows, profile.Profile{
			ID: ins.rowID("ignored entries", agentID), Source: profile.Gateway, Location: location, Agent: agentID, State: profile.Error,
			Message: fmt.Sprintf("%d profile entries have an unknown type or no provider and are ignored, as the gateway ignores them: %s", len(s.Dropped), strings.Join(s.Dropped, ", ")),
			Note:    "does not change the verdict",
			Fix:     "",
		})
	}
}

// refCreds are the credentials of s whose secret is a SecretRef or a
// placeholder.
func refCreds(s *store) []*credential {
	var out []*credential
	for _, id := range s.IDs {
		if c := s.Profiles[id]; c.Ref != nil || c.Form != "" {
			out = append(out, c)
		}
	}
	return out
}

// markUnusable records, on every row, whether the gateway has stopped using
// the profile for now (disabled or cooling down).
func (ins *install) markUnusable(in Input) {
	pol := profile.Policy{Now: in.Now, Zone: in.Zone}
	nowMs := float64(in.Now.UnixMilli())
	for _, a := range ins.agents {
		v := ins.views[a.ID]
		if nowMs >= ins.cache.horizon(v) {
			continue // none of its profiles is unusable now
		}
		for id, u := range v.State.Usage {
			c := v.Profiles[id]
			i, ok := ins.rowOf(c)
			if !ok || ins.rows[i].Unusable != nil {
				continue
			}
			kind, until := unusableUntil(c.Provider, u, "", in.Now)
			if !until.After(in.Now) {
				continue
			}
			reason := u.CooldownReason
			if kind == "disabled" {
				reason = u.DisabledReason
			}
			ins.rows[i].Unusable = &profile.Unusable{Kind: kind, Reason: reason}
			if until.UnixMilli() <= lastJSONMs {
				// A later one (the gateway takes up to 8.64e15) has no
				// until: JSON could not write it; the note still says it.
				ins.rows[i].Unusable.Until = profile.Time(until)
			}
			ins.rows[i].Note = unusableText(kind, reason) + " until " + pol.Clock(until)
		}
	}
}

// unusableText is "disabled by the gateway (auth)".
func unusableText(kind, reason string) string {
	s := "disabled by the gateway"
	if kind == "cooldown" {
		s = "cooling down in the gateway"
	}
	if reason != "" {
		s += " (" + reason + ")"
	}
	return s
}

// rowSet is a set of row indexes (a map's hashing, for every row of a
// large install, cost more than the rest of copying its rows).
type rowSet []bool

func (s *rowSet) add(i int) {
	if i >= len(*s) {
		*s = append(*s, make([]bool, i+1-len(*s))...)
	}
	(*s)[i] = true
}

func (s rowSet) has(i int) bool { return i < len(s) && s[i] }

// credRows notes that the rows from start on are those of s's stored
// credentials (in the order of s.IDs), refs those of them describeRefs
// looks at. A store met again in one read (a part built twice) has the
// later rows, as each credential had when a map held its row.
func (ins *install) credRows(s *store, start int, refs []*credential) {
	if _, again := ins.base[s]; !again {
		ins.refCreds = append(ins.refCreds, refs...)
	}
	ins.base[s] = start
	for i := range s.IDs {
		ins.isCred.add(start + i)
	}
}

// rowOf is the row of stored credential c in this read; false when c
// made none (nil, or a store this read did not adopt).
func (ins *install) rowOf(c *credential) (int, bool) {
	if c == nil || c.home == nil {
		return 0, false
	}
	b, ok := ins.base[c.home]
	return b + c.seat, ok
}

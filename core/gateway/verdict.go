package gateway

import (
	"fmt"
	"time"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/profile"
)

// Reasons that make a dropped candidate itself the credential to renew: its
// own row is expired or missing, so judging it fails the verdict.
var failingReasons = map[string]bool{"expired": true, "invalid_expires": true, "missing_credential": true}

// selecting reports whether the gateway's model selection applies: a current
// gateway with a readable config, or with none (its defaults then apply).
// Older installs (auth files only) and unresolvable configs have every
// stored profile counted instead. An OPENCLAW_STATE_DIR that is missing, or
// holds neither config nor store, is a current gateway's empty install: its
// default models are selected, and have no credential (exit 1, as the
// gateway's own check).
func (ins *install) selecting() bool {
	empty := ins.dir.Missing || (ins.dir.Picked && ins.dir.Explicit && len(ins.rows) == 0)
	return (ins.cfg.Present || empty || ins.current) && ins.cfgErr == nil && ins.cli == cliOpenClaw
}

// judge marks, for the install the gateway reads, the rows that decide the
// verdict: each model's selected credential, or a row saying it has none.
func (ins *install) judge(in Input, env envkey.Result, envRows []profile.Profile) {
	if !ins.selecting() {
		// Every stored profile counts, as issue 3 judges them.
		for i := range ins.rows {
			if ins.isCred.has(i) {
				ins.rows[i].Judged = true
			}
		}
		return
	}
	ins.describeRefs(env.Getenv, in.Now)
	agents := ins.judgedAgents(in)
	ins.repeated = repeatedIDs(agents)
	auth := ""
	if ins.cache != nil {
		auth = ins.cfg.authKey()
	}
	j := judging{in: in, env: env, envRows: envRows, auth: auth, synthetic: map[string]int{}}
	incomplete := false
	for _, a := range agents {
		if ins.unreadableView(a) != "" {
			// Its error row decides (unreadable.go): no guess from the rest.
			incomplete = true
			continue
		}
		if a.refused {
			// The gateway refuses the agent until it is migrated: its
			// migration row is the whole verdict (the status says no more).
			continue
		}
		for _, m := range modelsInUse(ins.cfg, a.ID) {
			ins.judgeModel(j, a.ID, ins.views[a.ID], m)
		}
	}
	ins.noteUnjudged(incomplete)
}

// judging is what judge hands each model's judgement: the read's input,
// the environment and its rows, the config's auth settings (the selection
// cache's key) and the rows made for models without a credential.
type judging struct {
	in        Input
	env       envkey.Result
	envRows   []profile.Profile
	auth      string
	synthetic map[string]int
}

// judgeModel marks what decides one model of one agent: the key that owns
// its provider, the credential the gateway would pick (and a row saying so
// when it is cooling down or disabled), the provider's environment key, a
// local server that needs no key, the failing candidates to blame, or a
// row saying it has no credential.
func (ins *install) judgeModel(j judging, agentID string, view *store, m modelUse) {
	in, env := j.in, j.env
	use := profile.Use{Agent: agentID, Model: m.Ref(), Role: m.Role}
	ins.judgeRuntime(env, agentID, m, use)
	ck := ins.cfg.providerKey(m.Provider, func(id string) bool { return view.Profiles[id] != nil })
	// An env reference, a named variable that is set, or a literal key
	// with auth "api-key" owns the provider's auth (directPolicy).
	if ck.Kind == "ref" || (ck.Kind == "marker" && env.IsSet(ck.Var)) || (ck.Kind == "literal" && ck.APIKeyAuth) {
		ins.useConfigKey(ck, env, m, use)
		return
	}
	sel := ins.cache.selected(view, ins.cfg, j.auth, m.Provider, m.Model, in.Now)
	rd := func(id string) readiness { return ins.credReadiness(view.Profiles[id], env.Getenv, in.Now) }
	_, envKey := env.Provider(m.Provider)
	// A local server that needs no key is the fallback of a plan whose
	// profiles all fail, unless an auth order names them
	// (selectProviderModelAuthSources) or an environment key stands first.
	local := !sel.Explicit && !envKey
	if id := sel.pick(rd); id != "" && !(local && rd(id) == unavailable && ins.cfg.servesLocally(m.Provider)) {
		ins.usePicked(j, agentID, view, id, m, use)
		if c := view.Profiles[id]; rd(id) == unavailable && accessEndsSoon(c, in.Now) {
			// Its own row says expiring, as the gateway's health does, but
			// the gateway's status finds no usable auth for the model
			// (hasUsableOAuthCredential, dist/credential-state-*.mjs: an
			// access token must be valid 5 minutes on, and none can be
			// refreshed): exit 1, not 2.
			i, _ := ins.rowOf(c)
			ins.noCredential(j.synthetic, agentID, m, use, id+"'s access token expires within 5 minutes and it has no refresh token", fixOf(ins.rows[i]))
		}
		return
	}
	if f, ok := env.Provider(m.Provider); ok {
		for i := range j.envRows {
			if j.envRows[i].Location == envLocation(f) {
				j.envRows[i].Judged = true
				j.envRows[i].UsedBy = ins.appendUse(j.envRows[i].UsedBy, use)
				j.envRows[i].Note = ""
			}
		}
		return
	}
	if ck.Kind != "" {
		ins.useConfigKey(ck, env, m, use)
		return
	}
	if name, host, ok := ins.cfg.localProvider(m.Provider); ok && local {
		ins.useLocalProvider(name, host, m, use)
		return
	}
	// amazon-bedrock with no profile and no provider entry is left to the
	// AWS SDK's own credential chain, which the gateway's status does not
	// check: it counts the model as served (unprofiledEvaluation in
	// dist/model-auth-availability-*.mjs; seen in runs, with and without
	// AWS variables).
	if _, entry := ins.cfg.providerEntry(m.Provider); entry == nil && len(sel.Candidates) == 0 && normProvider(m.Provider) == "amazon-bedrock" {
		ins.useAWSSDK(m, use)
		return
	}
	blamed := false
	for _, id := range sel.Candidates {
		if c := view.Profiles[id]; c != nil && failingReasons[sel.Ineligible[id]] {
			i, _ := ins.rowOf(c)
			ins.use(i, use)
			blamed = true
		}
	}
	if !blamed {
		ins.noCredential(j.synthetic, agentID, m, use, "", ins.fixForProvider(m.Provider, agentID))
	}
}

// accessEndsSoon: an OAuth profile with no refresh token whose access token
// is still valid, but for less than the gateway's refresh margin.
func accessEndsSoon(c *credential, now time.Time) bool {
	return c.Type == "oauth" && !c.Fence && c.HasAccess && !c.HasRefresh && c.Expires != nil &&
		*c.Expires > float64(now.UnixMilli()) && *c.Expires <= float64(now.Add(oauthMargin).UnixMilli())
}

// usePicked marks the profile the gateway picks for a model as its
// credential and, while that profile is cooling down or disabled for the
// model, adds a row saying the model has none until then.
func (ins *install) usePicked(j judging, agentID string, view *store, id string, m modelUse, use profile.Use) {
	now := j.in.Now
	i, _ := ins.rowOf(view.Profiles[id])
	ins.use(i, use)
	kind, until := unusableUntil(view.Profiles[id].Provider, view.State.Usage[id], m.Model, now)
	if !until.After(now) {
		return
	}
	u := view.State.Usage[id]
	reason := u.CooldownReason
	if kind == "disabled" {
		reason = u.DisabledReason
	}
	pol := profile.Policy{Now: now, Zone: j.in.Zone}
	ins.noCredential(j.synthetic, agentID, m, use, fmt.Sprintf("%s is %s until %s", id, unusableText(kind, reason), pol.Clock(until)), fixOf(ins.rows[i]))
}

// useLocalProvider marks the row of a local provider that needs no key as
// serving a model (localProvider).
func (ins *install) useLocalProvider(name, host string, m modelUse, use profile.Use) {
	id := "models.providers." + name
	for i := range ins.rows {
		if ins.rows[i].ID == id && ins.rows[i].Source == profile.Env {
			ins.use(i, use)
			return
		}
	}
	where := "a local server"
	if h := printableHost(host); h != "" {
		where += " (" + h + ")"
	}
	ins.rows = append(ins.rows, profile.Profile{
		ID: id, Provider: m.Provider, Source: profile.Env, Location: ins.dir.Config,
		State: profile.OK, Message: "No key needed: " + where + " the gateway uses without one · no expiry",
	})
	ins.use(len(ins.rows)-1, use)
}

// useAWSSDK marks the row of a provider whose credentials the AWS SDK
// resolves as serving a model: the gateway leaves them unchecked and
// passes, so the row does not fail the status either; it is "unknown",
// not ok, because authtray cannot see whether any credential is there,
// let alone when it ends.
func (ins *install) useAWSSDK(m modelUse, use profile.Use) {
	id := m.Provider + " (AWS SDK)"
	for i := range ins.rows {
		if ins.rows[i].ID == id && ins.rows[i].Source == profile.Env {
			ins.use(i, use)
			return
		}
	}
	ins.rows = append(ins.rows, profile.Profile{
		ID: id, Provider: m.Provider, Source: profile.Env, Location: ins.dir.Config,
		State: profile.Unknown, Message: "AWS SDK credentials: the gateway leaves them to the AWS SDK and does not check them · expiry unknown",
	})
	ins.use(len(ins.rows)-1, use)
}

// noteUnjudged notes on every credential no model uses that it is not in
// use, or, when an agent could not be read, that it was not counted.
func (ins *install) noteUnjudged(incomplete bool) {
	for i := range ins.rows {
		if (ins.isCred.has(i) || ins.rows[i].Source == profile.Env) && !ins.rows[i].Judged {
			note := "not in use"
			if incomplete {
				note = notCountedUnreadable
			}
			ins.rows[i].Note = joinNote(note, ins.rows[i].Note)
		}
	}
}

// judgedAgents are the configured agents, or only the one --agent names.
func (ins *install) judgedAgents(in Input) []*agent {
	var out []*agent
	for _, a := range ins.agents {
		if !a.InConfig {
			continue
		}
		if in.Agent == "" || normAgent(in.Agent) == a.ID {
			out = append(out, a)
		}
	}
	if in.Agent != "" && len(out) == 0 {
		ins.errorRow("agent", ins.dir.Config, normAgent(in.Agent), "Agent "+in.Agent+" is not configured in "+ins.dir.Config, ins.cli+" agents list")
	}
	return out
}

// use marks row i as selected by use.
func (ins *install) use(i int, use profile.Use) {
	ins.rows[i].Judged = true
	ins.rows[i].UsedBy = ins.appendUse(ins.rows[i].UsedBy, use)
}

// noCredential adds (or extends) the judged row saying a model in use has no
// usable credential.
func (ins *install) noCredential(synthetic map[string]int, agentID string, m modelUse, use profile.Use, why string, fix func(*profile.Profile)) {
	key := agentID + "\x00" + m.Provider + "\x00" + why
	if i, ok := synthetic[key]; ok {
		ins.rows[i].UsedBy = ins.appendUse(ins.rows[i].UsedBy, use)
		return
	}
	msg := fmt.Sprintf("Model %s in use by agent %s has no usable credential", m.Ref(), agentID)
	if why != "" {
		msg += ": " + why
	}
	// One row per agent and provider, unless two models of one provider
	// are unusable for different reasons (model-scoped cooldowns): the
	// later rows name their model too, so no two share an id.
	id := ins.rowID(m.Provider+" (no credential)", agentID)
	for _, r := range ins.rows {
		if r.ID == id {
			id += "/" + m.Ref()
			break
		}
	}
	synthetic[key] = len(ins.rows)
	row := profile.Profile{
		ID: id, Provider: m.Provider, Source: profile.Gateway,
		Location: ins.dir.Config, Agent: agentID, State: profile.Missing, Message: msg,
		Judged: true, UsedBy: []profile.Use{use},
	}
	fix(&row)
	ins.rows = append(ins.rows, row)
}

// fixOf copies the fix of row.
func fixOf(row profile.Profile) func(*profile.Profile) {
	return func(p *profile.Profile) { p.Fix, p.FixEnv, p.FixArgs = row.Fix, row.FixEnv, row.FixArgs }
}

// fixForProvider is how to add a first credential for a provider to an
// agent.
func (ins *install) fixForProvider(provider, agentID string) func(*profile.Profile) {
	typ := "api_key"
	if provider == "anthropic" {
		typ = "token"
	}
	return func(p *profile.Profile) { ins.fix.set(p, typ, provider, "", agentID) }
}

// UnconfirmedNote marks the rows of a state dir whose reader is unknown.
const UnconfirmedNote = "not judged: no gateway program found to say who reads this dir"

// unconfirmed marks the rows of an Unconfirmed state dir: shown, not judged
// (its own row, unconfirmedDirRow, counts in their place).
func (ins *install) unconfirmed() {
	for i := range ins.rows {
		ins.rows[i].Judged = false
		ins.rows[i].Note = joinNote(UnconfirmedNote, ins.rows[i].Note)
	}
}

// shelve marks an install the gateway does not read: shown, never judged.
func (ins *install) shelve() {
	for i := range ins.rows {
		ins.rows[i].Judged = false
		ins.rows[i].Note = joinNote(profile.ShelvedNote, ins.rows[i].Note)
	}
}

// appendUse adds u to us, unless us has it already. Judge gives every use
// while judging u.Agent's models, one agent after another: while each
// agent is judged once, any use of u.Agent in us is in its last run of
// u.Agent's uses, so looking back stops at another agent's. A credential
// that a hundred agents share had each new use compared with every
// earlier one. Two agent dirs can name one agent ("Work" and "work"):
// then every use is looked at.
func (ins *install) appendUse(us []profile.Use, u profile.Use) []profile.Use {
	for i := len(us) - 1; i >= 0 && (ins.repeated || us[i].Agent == u.Agent); i-- {
		if us[i] == u {
			return us
		}
	}
	return append(us, u)
}

// repeatedIDs reports whether two of agents have one id.
func repeatedIDs(agents []*agent) bool {
	seen := make(map[string]bool, len(agents))
	for _, a := range agents {
		if seen[a.ID] {
			return true
		}
		seen[a.ID] = true
	}
	return false
}

func joinNote(a, b string) string {
	switch {
	case b == "":
		return a
	case a == "":
		return b
	}
	return a + " · " + b
}

// useConfigKey marks the row for a models.providers.<p>.apiKey setting as
// selected by use (adding the row first). A literal key serves; a variable
// it names serves when set, and is missing otherwise. The value is never
// shown.
func (ins *install) useConfigKey(ck configKey, env envkey.Result, m modelUse, use profile.Use) {
	for i := range ins.rows {
		if ins.rows[i].ID == ck.Setting && ins.rows[i].Source == profile.Env {
			ins.use(i, use)
			return
		}
	}
	row := profile.Profile{
		ID: ck.Setting, Provider: m.Provider, Kind: profile.APIKey, Source: profile.Env,
		Location: ins.dir.Config, State: profile.OK, Message: "API key in the gateway config · no expiry",
	}
	switch {
	case ck.Kind == "literal":
	case ck.Ref != nil:
		// Resolved as the gateway's status resolves it (resolveConfigRefs);
		// one that did not resolve has its judged row already.
		if o := ins.refs[ck.Setting]; !o.OK {
			row.State = profile.Error
			row.Message = ck.Setting + " is a SecretRef (" + ck.Ref.String() + ") that does not resolve: " + first(o.Why, "it was not resolved")
		} else {
			row.Message = "API key from SecretRef " + ck.Ref.String() + ", resolved · no expiry"
		}
	case env.IsSet(ck.Var):
		row.Message = "API key from " + ck.Var + ", named by the gateway config · no expiry"
	default:
		row.State = profile.Missing
		row.Message = ck.Setting + " names " + ck.Var + ", which is not set"
		row.Fix = "Set " + ck.Var + " in the gateway's environment or .env file"
	}
	ins.rows = append(ins.rows, row)
	ins.use(len(ins.rows)-1, use)
}

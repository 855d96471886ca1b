package gateway

import (
	"fmt"
	"maps"
	"strings"

	"github.com/authtray/authtray/core/json5"
)

// The gateway's status also fails when the runtime (agent harness) a text
// model needs is missing or incompatible, whatever its credentials
// (checkStatus in dist/list.status-command-*.mjs: a modelRouteIssue of kind
// "incompatible", or a runtimeAuthRoute whose status is "unavailable").
// openai text models pick the codex runtime by themselves, and 2026.9.6
// ships no plugin that provides it.

const (
	runtimeCodex    = "codex"
	runtimeOpenClaw = "openclaw"
	runtimeAuto     = "auto"
)

// harness is the runtime the gateway picks for one text model.
type harness struct {
	ID string // codex, openclaw, another harness id, or auto
	// Setting names the config setting that chose it ("" when implicit).
	Setting runtimeSetting
	// Incompatible is the code of an openai route the gateway cannot use
	// (resolveSingleObservedModelRoute), "" when it can.
	Incompatible, Detail string
}

// harnessFor is resolveAgentHarnessPolicy (dist/policy-*.mjs) for an
// agent's text model: an explicit agentRuntime.id (resolveModelRuntimePolicy,
// dist/model-runtime-policy-*.mjs) wins; else openai models take the runtime
// their route implies (resolveOpenAIImplicitAgentRuntime,
// dist/openai-routing-*.mjs); else auto.
func (c config) harnessFor(agent string, m modelUse, getenv func(string) string) harness {
	if id, setting := c.runtimePolicy(agent, m); id != "" && id != "default" && id != runtimeAuto {
		return harness{ID: id, Setting: setting}
	}
	if m.Provider != "openai" {
		return harness{ID: runtimeAuto}
	}
	h := c.openAIRoute(agent, m.Model, getenv)
	if h.Incompatible != "" {
		// resolveOpenAIImplicitAgentRuntime: an incompatible route runs
		// nothing; the route issue itself fails the status.
		h.ID = runtimeOpenClaw
	}
	return h
}

// runtimePolicy is resolveModelRuntimePolicy: the first agentRuntime.id of
// the agent's models[<model>] entry, agents.defaults.models[<model>], the
// provider's models[] row for the model, the agent's then the defaults'
// "<provider>/*" entry, the provider's own agentRuntime. The id is
// normalized (normalizeOptionalAgentRuntimeId, dist/agent-runtime-id-*.mjs).
func (c config) runtimePolicy(agent string, m modelUse) (id string, setting runtimeSetting) {
	ae, _ := c.rosterEntry(agent)
	agentModels, _ := ae.Entry["models"].(map[string]any)
	agentObj, _ := get(ae.Obj, "models").(*json5.Object)
	// The agent's scope has its path made only when it is shown.
	scopes := [2]runtimeScope{{"", agentModels, agentObj.JSKeys()}, c.defaultModels()}
	settingOf := func(mm runtimeScope, key string) runtimeSetting {
		return runtimeSetting{inModels: true, models: mm.path, agent: agent, key: key}
	}
	for _, mm := range scopes {
		if id, key := runtimeInModels(mm.m, mm.keys, m, false); id != "" {
			return id, settingOf(mm, key)
		}
	}
	name, entry := c.providerEntry(m.Provider)
	if rows, ok := entry["models"].([]any); ok {
		for i, r := range rows {
			row, _ := r.(map[string]any)
			rid, _ := row["id"].(string)
			if modelMatch(rid, m) == "exact" {
				if id := runtimeID(row["agentRuntime"]); id != "" {
					return id, runtimeSetting{path: fmt.Sprintf("models.providers.%s.models[%d].agentRuntime.id", name, i)}
				}
			}
		}
	}
	for _, mm := range scopes {
		if id, key := runtimeInModels(mm.m, mm.keys, m, true); id != "" {
			return id, settingOf(mm, key)
		}
	}
	if id := runtimeID(entry["agentRuntime"]); id != "" {
		return id, runtimeSetting{path: "models.providers." + name + ".agentRuntime.id"}
	}
	return "", runtimeSetting{}
}

// runtimeSetting is the setting that chose a runtime: a whole path, or the
// key of a models map (models: its path, "" for the agent's own), made
// into one only when shown. runtimePolicy answers for most text models of
// every agent, and a row names the setting only for the codex runtime.
type runtimeSetting struct {
	path               string
	inModels           bool
	models, agent, key string
}

// String is the setting's path, "" when no setting chose the runtime.
func (s runtimeSetting) String() string {
	if !s.inModels {
		return s.path
	}
	models := s.models
	if models == "" {
		models = "agents.entries." + s.agent + ".models"
	}
	return fmt.Sprintf("%s[%q].agentRuntime.id", models, s.key)
}

// runtimeModels is agents.defaults.models as the gateway holds it when it
// runs (applyModelDefaults, dist/validation-core-*.mjs, through
// normalizeAgentModelMapForConfig, dist/model-input-*.mjs): each key
// trimmed, "<provider>/<model>" with its provider normalized; entries whose
// keys collapse into one are merged, the later one's settings over the
// earlier's, in the first one's place. (Its Google and Together model-id
// rewrites are not followed.) An agent's own models map is left as it is.
func (c config) defaultModels() runtimeScope {
	read := func() runtimeScope {
		m, _ := c.get("agents", "defaults", "models").(map[string]any)
		keys, m := runtimeModels(c.keys("agents", "defaults", "models"), m)
		return runtimeScope{"agents.defaults.models", m, keys}
	}
	if c.views == nil {
		return read()
	}
	c.views.defaultModelsOnce.Do(func() { c.views.defaultModels = read() })
	return c.views.defaultModels
}

// runtimeScope is one models map runtimePolicy looks in: its setting's
// path, its entries and their keys in order.
type runtimeScope struct {
	path string
	m    map[string]any
	keys []string
}

func runtimeModels(keys []string, models map[string]any) ([]string, map[string]any) {
	var outKeys []string
	out := make(map[string]any, len(models))
	for _, k := range keys {
		nk := strings.TrimSpace(k)
		if p, model, ok := strings.Cut(nk, "/"); ok && strings.TrimSpace(p) != "" && strings.TrimSpace(model) != "" {
			nk = normProvider(p) + "/" + strings.TrimSpace(model)
		}
		old, had := out[nk]
		if !had {
			outKeys = append(outKeys, nk)
		}
		out[nk] = mergeModelEntry(old, models[k])
	}
	return outKeys, out
}

// mergeModelEntry is mergeAgentModelEntryForConfig: incoming's keys over
// existing's when both are objects, else incoming.
func mergeModelEntry(existing, incoming any) any {
	e, ok1 := existing.(map[string]any)
	in, ok2 := incoming.(map[string]any)
	if !ok1 || !ok2 {
		return incoming
	}
	m := maps.Clone(e)
	maps.Copy(m, in)
	return m
}

// runtimeInModels finds, in one models map (keys in the file's order, as
// Object.keys gives them), the runtime of the first entry that matches m
// exactly (or "<provider>/*" when wildcard): keys naming the provider
// first (resolvePolicyMatch).
func runtimeInModels(models map[string]any, keys []string, m modelUse, wildcard bool) (id, key string) {
	want := "exact"
	if wildcard {
		want = "provider-wildcard"
	}
	var bare string
	for _, k := range keys {
		e, _ := models[k].(map[string]any)
		rid := runtimeID(e["agentRuntime"])
		if rid == "" || modelMatch(k, m) != want {
			continue
		}
		if p, _, ok := strings.Cut(strings.TrimSpace(k), "/"); ok && normProvider(p) == m.Provider {
			return rid, k
		}
		if bare == "" {
			bare, id = k, rid
		}
	}
	return id, bare
}

// modelMatch is modelEntryMatchKind: "exact" for the model id itself or
// "<provider>/<model>", "provider-wildcard" for "<provider>/*", else "".
func modelMatch(entryID string, m modelUse) string {
	e := strings.TrimSpace(entryID)
	if e == m.Model {
		return "exact"
	}
	p, model, ok := strings.Cut(e, "/")
	p, model = strings.TrimSpace(p), strings.TrimSpace(model)
	if !ok || p == "" || model == "" || normProvider(p) != m.Provider {
		return ""
	}
	switch model {
	case m.Model:
		return "exact"
	case "*":
		return "provider-wildcard"
	}
	return ""
}

// runtimeID reads {id: …} as normalizeOptionalAgentRuntimeId does: trimmed,
// lower case, "pi" is openclaw, "codex-app-server" is codex.
func runtimeID(v any) string {
	p, _ := v.(map[string]any)
	s, _ := p["id"].(string)
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "pi":
		return runtimeOpenClaw
	case "codex-app-server":
		return runtimeCodex
	}
	return s
}

package gateway

import (
	"fmt"
	"strings"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/profile"
)

// judgeRuntime adds, for a text model in use (default or fallback: the
// status evaluates only these with allowCodexRuntimeFallback), the judged
// row that fails the gateway's status on its runtime
// (dist/list.status-command-*.mjs): codex on a provider other than openai
// or codex (unsupported-codex-runtime-provider), codex with no plugin to
// provide it (resolveAgentHarnessRuntimeAvailability,
// dist/runtime-plugin-*.mjs: "No enabled plugin owns agent harness"), or
// an openai route the gateway cannot use. The row says what to change.
func (ins *install) judgeRuntime(env envkey.Result, agentID string, m modelUse, use profile.Use) {
	if m.Role != "default" && m.Role != "fallback" {
		return
	}
	h := ins.cfg.harnessFor(agentID, m, env.Getenv)
	if h.Incompatible == "" && h.ID != runtimeCodex {
		return
	}
	what := fmt.Sprintf("%s (%s model of agent %s)", m.Ref(), roleWord(m.Role), agentID)
	var msg, fixPath string
	switch {
	case h.Incompatible != "":
		msg = fmt.Sprintf("%s has a route the gateway cannot use: %s (%s); the gateway's status fails on it", what, h.Detail, h.Incompatible)
	case m.Provider != "openai" && m.Provider != "codex":
		msg = fmt.Sprintf("%s is set to the codex runtime (%s), which does not support provider %s: the gateway's status fails on it (unsupported-codex-runtime-provider)", what, h.Setting.String(), m.Provider)
		fixPath = h.Setting.String()
	default:
		owners := ins.harnessOwners(runtimeCodex)
		if len(owners) == 0 {
			msg = fmt.Sprintf("%s needs the codex runtime, which no installed plugin provides: the gateway's status fails on it (No enabled plugin owns agent harness \"codex\")", what)
		} else {
			ids := make([]string, len(owners))
			for i, o := range owners {
				ids[i] = o.ID + " (" + o.Manifest + ")"
			}
			msg = fmt.Sprintf("%s needs the codex runtime; plugin %s declares it, and whether the gateway can load it can't be confirmed without running it", what, strings.Join(ids, ", "))
		}
		fixPath = h.Setting.String()
		if fixPath == "" {
			fixPath = fmt.Sprintf("agents.defaults.models[%q].agentRuntime.id", m.Ref())
		}
	}
	id := ins.rowID("runtime "+m.Ref(), agentID)
	for i := range ins.rows {
		if ins.rows[i].ID == id {
			ins.use(i, use)
			return
		}
	}
	row := profile.Profile{
		ID: id, Provider: m.Provider, Source: profile.Gateway, Location: ins.dir.Config, Agent: agentID,
		State: profile.Error, Message: msg,
	}
	if fixPath != "" {
		// Text, not a click: it edits the gateway's config.
		row.Fix = profile.ShellCommand(ins.fix.env, []string{ins.cli, "config", "set", fixPath, runtimeOpenClaw})
	}
	ins.rows = append(ins.rows, row)
	ins.use(len(ins.rows)-1, use)
}

func roleWord(role string) string {
	if role == "default" {
		return "default"
	}
	return "fallback"
}

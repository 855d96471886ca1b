package gateway

import "github.com/authtray/authtray/core/json5"

// toolsPolicyProblem is the tools schemas' refinement (ToolsSchema,
// AgentToolsSchema, ToolPolicySchema and ToolPolicyWithProfileSchema,
// dist/zod-schema.agent-runtime-*.mjs): one policy may not list tools in
// both allow and alsoAllow. The policies are tools and each roster
// entry's tools, their byProvider and toolsBySender entries, and their
// subagents.tools and sandbox.tools.
func toolsPolicyProblem(root *json5.Object) string {
	if why := toolScopeProblem("tools", get(root, "tools")); why != "" {
		return why
	}
	agents, _ := get(root, "agents").(*json5.Object)
	return eachEntry(agents, "tools", toolScopeProblem)
}

func toolScopeProblem(path string, v any) string {
	tools, ok := v.(*json5.Object)
	if !ok {
		return ""
	}
	if bothAllows(tools) {
		return allowConflict(path)
	}
	for _, rec := range []string{"byProvider", "toolsBySender"} {
		r, _ := get(tools, rec).(*json5.Object)
		for i := range r.Len() {
			k, p := r.Key(i)
			if o, ok := p.(*json5.Object); ok && bothAllows(o) {
				return allowConflict(path + "." + rec + pathSegment(k))
			}
		}
	}
	for _, sub := range []string{"subagents", "sandbox"} {
		s, _ := get(tools, sub).(*json5.Object)
		if p, ok := get(s, "tools").(*json5.Object); ok && bothAllows(p) {
			return allowConflict(path + "." + sub + ".tools")
		}
	}
	return ""
}

// bothAllows: the policy lists tools in both allow and alsoAllow.
func bothAllows(p *json5.Object) bool {
	a, _ := get(p, "allow").(*json5.Array)
	b, _ := get(p, "alsoAllow").(*json5.Array)
	return a != nil && len(a.Elems) > 0 && b != nil && len(b.Elems) > 0
}

func allowConflict(path string) string {
	return path + " lists tools in both allow and alsoAllow, which one policy may not (merge alsoAllow into allow, or drop allow)"
}

package gateway

import (
	"strconv"
	"strings"

	"github.com/authtray/authtray/core/json5"
)

// sandboxProblem is the sandbox schema's security refinements
// (SandboxDockerSchema, SandboxBrowserSchema and AgentSandboxSchema,
// dist/zod-schema.agent-runtime-*.mjs), for agents.defaults.sandbox and
// each roster entry's: no "host" network, no "container:…" network unless
// dangerouslyAllowContainerNamespaceJoin, no "unconfined" seccomp or
// AppArmor profile, and a bind mount's host path absolute. Names compare
// trimmed and in lower case, as normalizeLowercaseStringOrEmpty does; a
// value beyond ASCII, or a bind in Windows form, is not judged.
func sandboxProblem(root *json5.Object) string {
	agents, _ := get(root, "agents").(*json5.Object)
	defaults, _ := get(agents, "defaults").(*json5.Object)
	if why := agentSandboxProblem("agents.defaults.sandbox", get(defaults, "sandbox")); why != "" {
		return why
	}
	return eachEntry(agents, "sandbox", agentSandboxProblem)
}

// eachEntry is the first problem check finds in the member name of a
// roster entry (agents.entries.<id>.<name>), "" for none.
func eachEntry(agents *json5.Object, name string, check func(path string, v any) string) string {
	entries, _ := get(agents, "entries").(*json5.Object)
	for i := range entries.Len() {
		k, v := entries.Key(i)
		e, _ := v.(*json5.Object)
		if why := check("agents.entries"+pathSegment(k)+"."+name, get(e, name)); why != "" {
			return why
		}
	}
	return ""
}

func agentSandboxProblem(path string, v any) string {
	sb, ok := v.(*json5.Object)
	if !ok {
		return ""
	}
	docker, _ := get(sb, "docker").(*json5.Object)
	browser, _ := get(sb, "browser").(*json5.Object)
	joinAllowed := get(docker, "dangerouslyAllowContainerNamespaceJoin") == true
	if docker != nil {
		switch net := lowerASCII(get(docker, "network")); {
		case net == "host":
			return path + `.docker.network is "host", which the gateway blocks for sandboxes (use "bridge" or "none")`
		case strings.HasPrefix(net, "container:") && !joinAllowed:
			return path + `.docker.network joins another container's network, which the gateway blocks unless dangerouslyAllowContainerNamespaceJoin is true`
		}
		for _, k := range []string{"seccompProfile", "apparmorProfile"} {
			if lowerASCII(get(docker, k)) == "unconfined" {
				return path + ".docker." + k + ` is "unconfined", which the gateway blocks for sandboxes`
			}
		}
		if why := bindsProblem(path+".docker.binds", get(docker, "binds")); why != "" {
			return why
		}
	}
	if browser != nil {
		switch net := lowerASCII(get(browser, "network")); {
		case net == "host":
			return path + `.browser.network is "host", which the gateway blocks for sandboxes (use "bridge")`
		case strings.HasPrefix(net, "container:") && !joinAllowed:
			return path + `.browser.network joins another container's network, which the gateway blocks unless docker.dangerouslyAllowContainerNamespaceJoin is true`
		}
		return bindsProblem(path+".browser.binds", get(browser, "binds"))
	}
	return ""
}

// bindsProblem is validateSandboxBindEntries: each bind is
// host:container[:options], and its host path (the whole bind, without a
// colon) must be absolute.
func bindsProblem(path string, v any) string {
	binds, ok := v.(*json5.Array)
	if !ok {
		return ""
	}
	for i, b := range binds.Elems {
		s, ok := b.(string)
		if !ok || strings.ContainsAny(s, `\`) || !ascii(s) {
			continue
		}
		host, _, _ := strings.Cut(s, ":")
		if len(host) == 1 && len(s) > 2 && (s[2] == '/') {
			continue // a Windows drive letter (C:/…)
		}
		if !strings.HasPrefix(host, "/") {
			return path + "[" + strconv.Itoa(i) + "] mounts a host path that is not absolute, which the gateway refuses for sandboxes"
		}
	}
	return ""
}

// lowerASCII is an ASCII string trimmed and in lower case; anything else
// is "".
func lowerASCII(v any) string {
	s, ok := v.(string)
	if !ok || !ascii(s) {
		return ""
	}
	return strings.ToLower(strings.Trim(s, " \t\n\v\f\r"))
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

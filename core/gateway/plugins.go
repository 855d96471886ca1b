package gateway

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
)

// harnessOwner is a plugin whose manifest says it provides an agent
// harness (activation.onAgentHarnesses, matched by
// resolveManifestActivationPlan in dist/activation-planner-*.mjs).
type harnessOwner struct {
	ID, Manifest string
}

// harnessOwners lists the plugins of this install that declare runtime and
// that the config does not switch off (passesManifestOwnerBasePolicy,
// dist/manifest-owner-policy-*.mjs: plugins.enabled false, plugins.deny,
// plugins.entries.<id>.enabled false, an allow-list without it). Manifests
// are read where the gateway finds plugins (discoverOpenClawPlugins,
// dist/discovery-*.mjs): the bundled ones in the installed package's
// dist/extensions, the state dir's extensions/ and npm/node_modules/, and
// plugins.load.paths. Nothing of a plugin is run.
func (ins *install) harnessOwners(runtime string) []harnessOwner {
	if ins.owners == nil {
		ins.owners = map[string][]harnessOwner{}
	}
	if o, ok := ins.owners[runtime]; ok {
		return o
	}
	var out []harnessOwner
	if enabled, _ := ins.cfg.get("plugins", "enabled").(bool); ins.cfg.get("plugins", "enabled") == nil || enabled {
		for _, m := range ins.manifests() {
			if m.declares(runtime) && ins.pluginAllowed(m.ID) {
				out = append(out, harnessOwner{ID: m.ID, Manifest: m.path})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	ins.owners[runtime] = out
	return out
}

// manifest is the part of an openclaw.plugin.json that names harnesses.
type manifest struct {
	ID         string `json:"id"`
	Activation struct {
		OnAgentHarnesses []string `json:"onAgentHarnesses"`
	} `json:"activation"`
	path string
}

func (m manifest) declares(runtime string) bool {
	for _, h := range m.Activation.OnAgentHarnesses {
		if strings.ToLower(strings.TrimSpace(h)) == runtime {
			return true
		}
	}
	return false
}

// pluginAllowed applies the config's plugin switches to one plugin id.
func (ins *install) pluginAllowed(id string) bool {
	id = strings.ToLower(strings.TrimSpace(id))
	has := func(path ...string) bool {
		l, _ := ins.cfg.get(path...).([]any)
		for _, e := range l {
			if s, _ := e.(string); strings.ToLower(strings.TrimSpace(s)) == id {
				return true
			}
		}
		return false
	}
	if has("plugins", "deny") {
		return false
	}
	entries, _ := ins.cfg.get("plugins", "entries").(map[string]any)
	for k, v := range entries {
		if e, _ := v.(map[string]any); strings.ToLower(strings.TrimSpace(k)) == id && e["enabled"] == false {
			return false
		}
	}
	allow, _ := ins.cfg.get("plugins", "allow").([]any)
	return len(allow) == 0 || has("plugins", "allow")
}

// manifests reads every plugin manifest of the install (see harnessOwners).
func (ins *install) manifests() []manifest {
	var dirs []string
	if p, ok := ins.progs.current(); ok {
		for _, d := range []string{"extensions", filepath.Join("dist-runtime", "extensions"), filepath.Join("dist", "extensions")} {
			dirs = append(dirs, filepath.Join(p.Dir, d))
		}
	}
	dirs = append(dirs, filepath.Join(ins.dir.Path, "extensions"), filepath.Join(ins.dir.Path, "npm", "node_modules"))
	var out []manifest
	seen := map[string]bool{}
	read := func(dir string) {
		p := filepath.Join(dir, "openclaw.plugin.json")
		if seen[p] {
			return
		}
		seen[p] = true
		data, err := ins.fs.ReadFile(p)
		if err != nil {
			return
		}
		var m manifest
		if json.Unmarshal(data, &m) == nil && strings.TrimSpace(m.ID) != "" {
			m.path = p
			out = append(out, m)
		}
	}
	for _, d := range dirs {
		entries, err := ins.fs.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			read(filepath.Join(d, e.Name()))
			if strings.HasPrefix(e.Name(), "@") { // a scoped npm package
				scoped, _ := ins.fs.ReadDir(filepath.Join(d, e.Name()))
				for _, s := range scoped {
					read(filepath.Join(d, e.Name(), s.Name()))
				}
			}
		}
	}
	paths, _ := ins.cfg.get("plugins", "load", "paths").([]any)
	for _, v := range paths {
		if s, _ := v.(string); strings.TrimSpace(s) != "" {
			p := expand(s, ins.home)
			if strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".mjs") || strings.HasSuffix(p, ".ts") {
				p = filepath.Dir(p)
			}
			read(p)
		}
	}
	return out
}

package gateway

import "strings"

// The gateway's model defaults (openclaw 2026.9.6): dist/defaults-*.mjs for
// the default model, and the provider manifests' defaultUtilityModel for the
// automatic utility model.
const (
	defaultProvider = "openai"
	defaultModel    = "gpt-6-astra"
)

var defaultUtility = map[string]string{
	"anthropic": "claude-haiku-4-5",
	"openai":    "gpt-5.6-luna",
}

// modelUse is one model an agent uses, and in which role.
type modelUse struct {
	Provider string
	Model    string
	Role     string // default, fallback, image, image-fallback, utility
	// Pin is a profile id pinned in the ref ("provider/model@profile").
	Pin string
}

func (m modelUse) Ref() string { return m.Provider + "/" + m.Model }

// modelsInUse resolves an agent's models as the gateway's `models status`
// does: the agent's primary (else the defaults', else the built-in default)
// and its fallbacks (the agent's list replaces the defaults' list), the image
// model and its fallbacks (defaults only), and the utility model (explicit,
// "" for off, else the primary provider's default).
func modelsInUse(c config, agent string) []modelUse {
	entry := c.agentEntry(agent)
	defaults := c.get("agents", "defaults", "model")
	primary := primaryOf(entry["model"])
	if primary == "" {
		primary = primaryOf(defaults)
	}
	fallbacks, ok := fallbacksOf(entry["model"])
	if !ok {
		fallbacks, _ = fallbacksOf(defaults)
	}
	var out []modelUse
	add := func(raw, role string) {
		if u, ok := c.parseRef(raw); ok {
			u.Role = role
			out = append(out, u)
		}
	}
	if primary == "" {
		out = append(out, modelUse{Provider: defaultProvider, Model: defaultModel, Role: "default"})
	} else {
		add(primary, "default")
	}
	for _, f := range fallbacks {
		add(f, "fallback")
	}
	image := c.get("agents", "defaults", "imageModel")
	add(primaryOf(image), "image")
	imageFallbacks, _ := fallbacksOf(image)
	for _, f := range imageFallbacks {
		add(f, "image-fallback")
	}
	utility, set := entry["utilityModel"].(string)
	if !set {
		utility, set = c.get("agents", "defaults", "utilityModel").(string)
	}
	switch {
	case set && strings.TrimSpace(utility) != "":
		add(utility, "utility")
	case !set && len(out) > 0:
		p := out[0]
		if m, ok := defaultUtility[p.Provider]; ok {
			out = append(out, modelUse{Provider: p.Provider, Model: m, Role: "utility", Pin: p.Pin})
		}
	}
	return out
}

// primaryOf reads a model setting: a string, or {primary: …}.
func primaryOf(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		s, _ := t["primary"].(string)
		return strings.TrimSpace(s)
	}
	return ""
}

// fallbacksOf reads {fallbacks: […]}; ok is false when the list is absent.
func fallbacksOf(v any) ([]string, bool) {
	m, _ := v.(map[string]any)
	l, ok := m["fallbacks"].([]any)
	if !ok {
		return nil, false
	}
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out, true
}

// parseRef reads "provider/model[@profile]" or an alias from
// agents.defaults.models.<ref>.alias; a bare model id belongs to the default
// provider.
func (c config) parseRef(raw string) (modelUse, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return modelUse{}, false
	}
	var pin string
	if i := strings.LastIndex(raw, "@"); i > 0 && strings.Contains(raw[i:], ":") {
		raw, pin = raw[:i], raw[i+1:]
	}
	if !strings.Contains(raw, "/") {
		if models, ok := c.get("agents", "defaults", "models").(map[string]any); ok {
			for ref, v := range models {
				e, _ := v.(map[string]any)
				if a, _ := e["alias"].(string); strings.EqualFold(strings.TrimSpace(a), raw) {
					raw = ref
					break
				}
			}
		}
	}
	provider, model, ok := strings.Cut(raw, "/")
	if !ok {
		provider, model = defaultProvider, raw
	}
	provider = normProvider(provider)
	if provider == "" || strings.TrimSpace(model) == "" {
		return modelUse{}, false
	}
	return modelUse{Provider: provider, Model: strings.TrimSpace(model), Pin: pin}, true
}

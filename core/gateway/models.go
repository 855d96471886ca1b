package gateway

import (
	"strings"

	"github.com/authtray/authtray/internal/lazyregexp"
)

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
			out = append(out, modelUse{Provider: p.Provider, Model: m, Role: "utility"})
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
// provider. A pinned profile is dropped: the gateway's status judges the
// model's normal auth order, whatever the pin (it prints "Default:
// anthropic/claude-sonnet-4-6 (from …@anthropic:soon)"; resolveStatusModelRef
// in dist/list.status-command-*.mjs keeps only {provider, model}).
func (c config) parseRef(raw string) (modelUse, bool) {
	raw, _ = splitTrailingAuthProfile(raw)
	if raw == "" {
		return modelUse{}, false
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
	return modelUse{Provider: provider, Model: strings.TrimSpace(model)}, true
}

// Model-version and quantization suffixes that contain "@" but are no
// profile (splitTrailingAuthProfile).
var (
	dateSuffix  = lazyregexp.New(`^\d{8}(?:@|$)`)
	quantSuffix = lazyregexp.New(`(?i)^(?:i?q\d+(?:_[a-z0-9]+)*|\d+bit)(?:@|$)`)
)

// splitTrailingAuthProfile splits "provider/model@profile" as the gateway
// does (dist/model-ref-profile-*.mjs): the first "@" after the last "/",
// skipping a date ("@20250514") or quantization ("@q4_k_m", "@8bit")
// suffix that belongs to the model id.
func splitTrailingAuthProfile(raw string) (model, profile string) {
	t := strings.TrimSpace(raw)
	if t == "" {
		return "", ""
	}
	slash := strings.LastIndex(t, "/")
	at := indexFrom(t, "@", slash+1)
	if at <= 0 {
		return t, ""
	}
	if dateSuffix.MatchString(t[at+1:]) {
		if at = indexFrom(t, "@", at+9); at < 0 {
			return t, ""
		}
	}
	if quantSuffix.MatchString(t[at+1:]) {
		if at = indexFrom(t, "@", at+1); at < 0 {
			return t, ""
		}
	}
	model, profile = strings.TrimSpace(t[:at]), strings.TrimSpace(t[at+1:])
	if model == "" || profile == "" {
		return t, ""
	}
	return model, profile
}

// indexFrom is strings.Index from byte offset from (JavaScript indexOf).
func indexFrom(s, sub string, from int) int {
	if from > len(s) {
		return -1
	}
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -1
}

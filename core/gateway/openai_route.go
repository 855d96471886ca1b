package gateway

import (
	"net/url"
	"strings"
)

// openai's route policy, from the bundled openai plugin
// (dist/provider-policy-api-*.mjs, resolveModelRoutes): which transport a
// model uses, and so whether the codex runtime can reproduce it. The
// gateway's status then runs an openai text model on codex unless the
// route is one only the embedded (openclaw) runtime can run: a custom or
// http: base URL, the completions API, or request overrides.

const (
	apiResponses   = "openai-responses"
	apiCompletions = "openai-completions"
	apiChatGPT     = "openai-chatgpt-responses"
)

// Model ids with a fixed route (dist/model-route-contract-*.mjs).
var (
	platformOnlyModels     = map[string]bool{"chat-latest": true, "gpt-5.6": true}
	subscriptionOnlyModels = map[string]bool{"gpt-5.3-codex-spark": true}
)

// openAIRoute is resolveSingleObservedModelRoute's choice of runtime for an
// openai model without catalog observations: codex when the route it
// resolves can run on codex (codexCanReproduceRoute), openclaw when not,
// or an incompatible route (the status fails on it).
func (c config) openAIRoute(agent, model string, getenv func(string) string) harness {
	_, provider := c.providerEntry("openai")
	row := openAIModelRow(provider, model)
	overrides := c.requestOverrides(agent, model) || routeOverrides(provider, row)
	str := func(m map[string]any, k string) (string, bool) {
		v, has := m[k]
		s, _ := v.(string)
		return strings.TrimSpace(s), has && v != nil
	}
	modelAPI, _ := str(row, "api")
	modelBase, hasModelBase := str(row, "baseUrl")
	provAPI, _ := str(provider, "api")
	provBase, hasProvBase := str(provider, "baseUrl")
	envBase := strings.TrimSpace(getenv("OPENAI_BASE_URL"))
	configured := modelAPI != "" || hasModelBase || provAPI != "" || hasProvBase || envBase != ""
	api, base := "", ""
	switch {
	case modelAPI != "" || hasModelBase:
		api, base = first(modelAPI, provAPI), modelBase
		if !hasModelBase {
			if k := baseKind(first(provBase, envBase)); k == "custom" || k == "invalid" {
				base = first(provBase, envBase)
			}
		}
	case provAPI != "" || hasProvBase:
		api, base = provAPI, provBase
		if !hasProvBase {
			if k := baseKind(envBase); k == "custom" || k == "invalid" {
				base = envBase
			}
		}
	case envBase != "":
		base = envBase
		if api == "" && baseKind(base) == "custom" {
			api = apiResponses // customDefaultApi with only OPENAI_BASE_URL
		}
	}
	if (hasModelBase && !isString(row["baseUrl"])) || (hasProvBase && !isString(provider["baseUrl"])) {
		return harness{Incompatible: "invalid-openai-base-url", Detail: "OpenAI model route baseUrl must be a non-empty URL string"}
	}
	return openAIRuntime(model, api, base, configured, overrides, modelAPI == apiChatGPT || provAPI == apiChatGPT)
}

// openAIRuntime decides from the route's facts (see openAIRoute).
func openAIRuntime(model, api, base string, configured, overrides, authoredChatGPT bool) harness {
	kind := baseKind(base)
	chatGPT := strings.EqualFold(api, apiChatGPT)
	reproducible := func(routeAPI, routeKind string) bool {
		return !isHTTP(base) && !overrides && ((routeAPI == apiResponses && routeKind == "platform") || (routeAPI == apiChatGPT && routeKind == "chatgpt"))
	}
	pick := func(codex bool) harness {
		if codex {
			return harness{ID: runtimeCodex}
		}
		return harness{ID: runtimeOpenClaw}
	}
	incompatible := func(code, detail string) harness { return harness{Incompatible: code, Detail: detail} }
	switch {
	case kind == "invalid":
		return incompatible("invalid-openai-base-url", "OpenAI model route baseUrl must be a non-empty URL string")
	case kind == "custom" && chatGPT && !authoredChatGPT:
		return incompatible("custom-chatgpt-relay-requires-configuration", "Custom ChatGPT relays require an explicitly configured ChatGPT adapter")
	case kind == "custom":
		if a := first(api, apiCompletions); a != apiResponses && a != apiCompletions && a != apiChatGPT {
			return incompatible("unsupported-custom-openai-api", a+" is not an OpenAI-compatible model adapter")
		}
		return pick(false) // a custom endpoint is never codex's
	case (kind == "platform" && chatGPT) || (kind == "chatgpt" && api != "" && !chatGPT):
		return incompatible("conflicting-official-openai-route", "OpenAI model API and baseUrl select different official transports")
	case api != "" && api != apiResponses && api != apiCompletions && !chatGPT:
		return incompatible("unsupported-official-openai-api", api+" is not an OpenAI Platform model adapter")
	}
	id := strings.ToLower(strings.TrimSpace(model))
	if id == "gpt-5.4-codex" {
		id = "gpt-5.4"
	}
	platformAPI := apiResponses
	if configured && api == apiCompletions {
		platformAPI = apiCompletions
	}
	platform := reproducible(platformAPI, "platform")
	switch {
	case !configured && subscriptionOnlyModels[id]:
		return pick(reproducible(apiChatGPT, "chatgpt"))
	case !configured:
		// Dual-route, platform-only and unknown models alike: the platform
		// route, or codex while the route is indeterminate (no overrides).
		return pick(platform)
	case kind == "chatgpt" || chatGPT:
		if platformOnlyModels[id] {
			return incompatible("platform-only-model-on-chatgpt", model+" is available only through OpenAI Platform API-key authentication")
		}
		return pick(reproducible(apiChatGPT, "chatgpt"))
	case subscriptionOnlyModels[id]:
		return incompatible("subscription-only-model-on-platform", model+" is available only through ChatGPT subscription authentication")
	}
	return pick(platform)
}

// baseKind is classifyOpenAIBaseUrl (dist/base-url-*.mjs): "" (none),
// "platform", "chatgpt", "custom" or "invalid".
func baseKind(base string) string {
	if base == "" {
		return ""
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return "invalid"
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host != "api.openai.com" && host != "chatgpt.com" {
		return "custom"
	}
	if u.Scheme != "https" || u.Port() != "" || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "invalid"
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	switch {
	case host == "api.openai.com" && (path == "/" || path == "/v1" || path == "/v1/"):
		return "platform"
	case host == "chatgpt.com" && chatGPTPaths[path]:
		return "chatgpt"
	}
	return "invalid"
}

var chatGPTPaths = map[string]bool{
	"/backend-api": true, "/backend-api/": true, "/backend-api/v1": true, "/backend-api/v1/": true,
	"/backend-api/codex": true, "/backend-api/codex/": true, "/backend-api/codex/v1": true, "/backend-api/codex/v1/": true,
	"/backend-api/codex/responses": true, "/backend-api/codex/responses/": true,
}

func isHTTP(base string) bool {
	u, err := url.Parse(base)
	return err == nil && u.Scheme == "http"
}

func isString(v any) bool { _, ok := v.(string); return ok }

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// openAIModelRow is the provider's models[] row for the model.
func openAIModelRow(provider map[string]any, model string) map[string]any {
	rows, _ := provider["models"].([]any)
	for _, r := range rows {
		row, _ := r.(map[string]any)
		if id, _ := row["id"].(string); modelMatch(id, modelUse{Provider: "openai", Model: model}) == "exact" {
			return row
		}
	}
	return nil
}

// routeOverrides is createModelProviderRouteOverrideResolver
// (dist/model-provider-config-*.mjs): provider settings that change the
// request (headers, request, params, localService, authHeader,
// timeoutSeconds), or the model row's headers, params or compat.
func routeOverrides(provider, row map[string]any) bool {
	if provider == nil {
		return false
	}
	if _, ok := provider["localService"].(map[string]any); ok {
		return true
	}
	if nonEmpty(provider["headers"]) || nonEmpty(provider["request"]) || nonEmpty(provider["params"]) {
		return true
	}
	if _, ok := provider["authHeader"].(bool); ok {
		return true
	}
	if _, ok := provider["timeoutSeconds"].(float64); ok {
		return true
	}
	return row != nil && (nonEmpty(row["headers"]) || nonEmpty(row["params"]) || compatOverrides(row["compat"]))
}

// compatOverrides is hasRequestCompatOverrides: any compat key but a true
// supportsReasoningEffort or a plain list of known efforts.
func compatOverrides(v any) bool {
	m, _ := v.(map[string]any)
	for k, val := range m {
		switch k {
		case "supportsReasoningEffort":
			if val != true {
				return true
			}
		case "supportedReasoningEfforts":
			l, ok := val.([]any)
			if !ok || len(l) == 0 {
				return true
			}
			for _, e := range l {
				s, _ := e.(string)
				if !knownEffort[s] {
					return true
				}
			}
		default:
			return true
		}
	}
	return false
}

var knownEffort = map[string]bool{"minimal": true, "low": true, "medium": true, "high": true, "xhigh": true, "max": true, "ultra": true}

// requestOverrides is hasAuthoredProviderRequestParams
// (dist/model-extra-params-*.mjs): agents.defaults.params or the agent's
// params, or a model's params beyond the runtime's own (thinking, fast
// mode). Where a value's kind is unclear it counts as the runtime's: that
// keeps the codex verdict, which fails, rather than assume a route that
// passes.
func (c config) requestOverrides(agent, model string) bool {
	entry := c.agentEntry(agent)
	if nonEmpty(c.get("agents", "defaults", "params")) || nonEmpty(entry["params"]) {
		return true
	}
	key := "openai/" + model
	agentModels, _ := entry["models"].(map[string]any)
	defaultModels, _ := c.get("agents", "defaults", "models").(map[string]any)
	for _, models := range []map[string]any{defaultModels, agentModels} {
		e, _ := models[key].(map[string]any)
		params, _ := e["params"].(map[string]any)
		for k := range params {
			if !runtimeParams[k] {
				return true
			}
		}
	}
	return false
}

var runtimeParams = map[string]bool{"thinking": true, "fastMode": true, "fast_mode": true, "fastAutoOnSeconds": true, "fastSeconds": true, "fast_auto_on_seconds": true, "fast_seconds": true}

func nonEmpty(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) > 0
}

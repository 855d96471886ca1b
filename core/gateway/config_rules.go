package gateway

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/authtray/authtray/core/gateway/schema"
	"github.com/authtray/authtray/core/json5"
	"github.com/authtray/authtray/internal/lazyregexp"
)

// The gateway's own rules beyond what its JSON Schema states, which its
// zod schema checks as refinements (dist/zod-schema-*.mjs): a config that
// breaks one is refused whole, as one its schema refuses. Each takes the
// config as the gateway validates it (asValidated).

// agentRefProblem is OpenClawSchema's refinement of agent ids: the agent
// of agents.defaults.heartbeat, agents.defaults.systemAgent, talk and each
// binding must be on the roster (compared as agent ids, normalizeAgentId;
// a binding may also name "main" as written). Before it validates, the
// gateway gives a config with no roster the agent main
// (migratePersistedImplicitMainRoster), so the roster is never empty here.
// (Its broadcast groups' agents are not checked.)
func agentRefProblem(root *json5.Object) string {
	agents, _ := get(root, "agents").(*json5.Object)
	onRoster := map[string]bool{}
	if entries, ok := get(agents, "entries").(*json5.Object); ok {
		for i := range entries.Len() {
			if k, v := entries.Key(i); isObj(v) {
				onRoster[canonicalAgentID(k)] = true
			}
		}
	}
	if len(onRoster) == 0 {
		onRoster["main"] = true
	}
	defaults, _ := get(agents, "defaults").(*json5.Object)
	heartbeat, _ := get(defaults, "heartbeat").(*json5.Object)
	system, _ := get(defaults, "systemAgent").(*json5.Object)
	talk, _ := get(root, "talk").(*json5.Object)
	for _, t := range []struct {
		path string
		in   *json5.Object
	}{{"agents.defaults.heartbeat.agentId", heartbeat}, {"agents.defaults.systemAgent.agentId", system}, {"talk.agentId", talk}} {
		if id, ok := get(t.in, "agentId").(string); ok && !onRoster[canonicalAgentID(id)] {
			return unknownAgent(t.path, id)
		}
	}
	bindings, ok := get(root, "bindings").(*json5.Array)
	if !ok {
		return ""
	}
	for i, b := range bindings.Elems {
		o, _ := b.(*json5.Object)
		if id, ok := get(o, "agentId").(string); ok && id != "main" && !onRoster[canonicalAgentID(id)] {
			return unknownAgent("bindings["+strconv.Itoa(i)+"].agentId", id)
		}
	}
	return ""
}

func unknownAgent(path, id string) string {
	return fmt.Sprintf("%s names the agent %s, which is not in agents.entries", path, quoteKey(id))
}

func isObj(v any) bool {
	_, ok := v.(*json5.Object)
	return ok
}

// customProviderProblem is ModelProvidersSchema's refinement: a provider
// in models.providers that is not one the gateway bundles must declare a
// baseUrl and a models list. The bundled ids are those of the gateway
// version that judges the config; for another version it is not checked.
// A provider key with a character beyond ASCII is not judged either
// (JavaScript and Go trim and fold case differently there).
func customProviderProblem(root *json5.Object, version string) string {
	bundled, ok := bundledProviders[version]
	if !ok {
		return ""
	}
	models, _ := get(root, "models").(*json5.Object)
	providers, _ := get(models, "providers").(*json5.Object)
	for i := range providers.Len() {
		k, v := providers.Key(i)
		p, ok := v.(*json5.Object)
		id, ascii := asciiProviderID(k)
		if !ok || !ascii || slices.Contains(bundled, id) {
			continue
		}
		if s, _ := get(p, "baseUrl").(string); s == "" {
			return "models.providers" + pathSegment(k) + " has no baseUrl, which a provider the gateway does not bundle needs"
		}
		if _, ok := get(p, "models").(*json5.Array); !ok {
			return "models.providers" + pathSegment(k) + " has no models list, which a provider the gateway does not bundle needs"
		}
	}
	return ""
}

// asciiProviderID is normalizeProviderId (trimmed, lower case) of an ASCII
// key; ok is false for any other key.
func asciiProviderID(k string) (string, bool) {
	if !ascii(k) {
		return "", false
	}
	return strings.ToLower(strings.Trim(k, " \t\n\v\f\r")), true
}

// pathSegment is a key as a path shows it (schema.Issue's rule): .name,
// ["other key"], or ["…"] when it may not be shown.
func pathSegment(k string) string {
	switch {
	case !schema.Printable(k):
		return `["…"]`
	case pathName.MatchString(k):
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

var pathName = lazyregexp.New(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// bundledProviders are, by gateway version, the provider ids that may be
// configured without a baseUrl or models (BUILT_IN_MODEL_PROVIDER_OVERLAY_IDS,
// dist/zod-schema.core-*.mjs).
var bundledProviders = map[string][]string{
	"2026.9.6": {
		"amazon-bedrock", "amazon-bedrock-mantle", "anthropic", "anthropic-vertex",
		"arcee", "azure-openai-responses", "byteplus", "byteplus-plan", "cerebras",
		"chutes", "claude-cli", "clawrouter", "cloudflare-ai-gateway", "codex",
		"comfy", "copilot-proxy", "dashscope", "deepinfra", "deepseek", "fal",
		"fireworks", "github-copilot", "gmi", "gmi-cloud", "gmicloud", "google",
		"google-antigravity", "google-gemini-cli", "google-vertex", "groq",
		"huggingface", "kilocode", "kimi", "kimi-coding", "litellm", "lmstudio",
		"meta", "microsoft-foundry", "minimax", "minimax-portal", "mistral",
		"modelstudio", "moonshot", "moonshot-ai", "moonshotai", "nvidia", "novita",
		"novita-ai", "novitaai", "ollama", "ollama-cloud", "openai", "opencode",
		"opencode-go", "openrouter", "qianfan", "qwen", "qwen-token-plan",
		"qwencloud", "sglang", "stepfun", "stepfun-plan", "synthetic",
		"tencent-tokenhub", "tencent-tokenplan", "together", "venice",
		"vercel-ai-gateway", "vllm", "volcengine", "volcengine-plan", "vydra",
		"x-ai", "xai", "xiaomi", "xiaomi-token-plan", "z.ai", "z-ai", "zai",
	},
}

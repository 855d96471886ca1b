package envkey

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// Key is one variable a provider's credential can come from.
type Key struct {
	Provider string
	Var      string
	Kind     profile.Kind
}

// Known lists the provider credential variables the gateway counts, from the
// `envVars` of the provider manifests bundled with openclaw 2026.9.6
// (dist/extensions/*/openclaw.plugin.json) and its core table, which wins
// over them (CORE_PROVIDER_AUTH_ENV_VAR_CANDIDATES in
// dist/provider-env-vars-*.mjs: openai reads CODEX_API_KEY first, cerebras
// has no plugin), in the gateway's order of precedence within each
// provider. Voice and media plugins' variables are left out: they serve
// no text model. Region and endpoint variables are left
// out: they are not credentials. *_OAUTH_TOKEN variables hold bearer tokens
// (a `claude setup-token` for anthropic); the rest are API keys.
var Known = []Key{
	{"alibaba", "MODELSTUDIO_API_KEY", profile.APIKey},
	{"alibaba", "DASHSCOPE_API_KEY", profile.APIKey},
	{"alibaba", "QWEN_API_KEY", profile.APIKey},
	{"anthropic", "ANTHROPIC_OAUTH_TOKEN", profile.Token},
	{"anthropic", "ANTHROPIC_API_KEY", profile.APIKey},
	{"cerebras", "CEREBRAS_API_KEY", profile.APIKey},
	{"clawrouter", "CLAWROUTER_API_KEY", profile.APIKey},
	{"github-copilot", "COPILOT_GITHUB_TOKEN", profile.Token},
	{"google", "GEMINI_API_KEY", profile.APIKey},
	{"google", "GOOGLE_API_KEY", profile.APIKey},
	{"google-vertex", "GOOGLE_CLOUD_API_KEY", profile.APIKey},
	{"huggingface", "HUGGINGFACE_HUB_TOKEN", profile.APIKey},
	{"huggingface", "HF_TOKEN", profile.APIKey},
	{"litellm", "LITELLM_API_KEY", profile.APIKey},
	{"lmstudio", "LM_API_TOKEN", profile.APIKey},
	{"microsoft-foundry", "AZURE_OPENAI_API_KEY", profile.APIKey},
	{"minimax", "MINIMAX_CODE_PLAN_KEY", profile.APIKey},
	{"minimax", "MINIMAX_CODING_API_KEY", profile.APIKey},
	{"minimax", "MINIMAX_API_KEY", profile.APIKey},
	{"minimax-portal", "MINIMAX_OAUTH_TOKEN", profile.Token},
	{"nvidia", "NVIDIA_API_KEY", profile.APIKey},
	{"ollama", "OLLAMA_API_KEY", profile.APIKey},
	{"openai", "CODEX_API_KEY", profile.APIKey},
	{"openai", "OPENAI_API_KEY", profile.APIKey},
	{"opencode-go", "OPENCODE_API_KEY", profile.APIKey},
	{"opencode-go", "OPENCODE_ZEN_API_KEY", profile.APIKey},
	{"openrouter", "OPENROUTER_API_KEY", profile.APIKey},
	{"sglang", "SGLANG_API_KEY", profile.APIKey},
	{"together", "TOGETHER_API_KEY", profile.APIKey},
	{"vllm", "VLLM_API_KEY", profile.APIKey},
	{"xai", "XAI_API_KEY", profile.APIKey},
}

// shared lists the providers whose variables are other providers' rows, in
// the gateway's order (envCandidateMap of resolveProviderAuthLookupMaps,
// dist/provider-env-vars-*.mjs): a minimax-portal model is served by
// MINIMAX_API_KEY when MINIMAX_OAUTH_TOKEN is unset, seen in runs.
var shared = map[string][]string{
	"anthropic-openai": {"ANTHROPIC_API_KEY"},
	"minimax-portal":   {"MINIMAX_OAUTH_TOKEN", "MINIMAX_API_KEY"},
	"ollama-cloud":     {"OLLAMA_API_KEY"},
	"qwen-dashscope":   {"DASHSCOPE_API_KEY"},
}

// authAliases maps the provider ids that take another provider's
// variables to that provider (the bundled manifests' providerAuthAliases
// and auth choices, as resolveProviderAuthAliasMap in
// dist/provider-auth-aliases-*.mjs resolves them): an x-ai/grok-4 model is
// served by XAI_API_KEY, seen in runs.
var authAliases = map[string]string{
	"claude-cli":            "anthropic",
	"minimax-api":           "minimax",
	"minimax-api-key-cn":    "minimax",
	"minimax-api-lightning": "minimax",
	"minimax-cloud":         "minimax",
	"minimax-cn":            "minimax",
	"minimax-portal-cn":     "minimax-portal",
	"x-ai":                  "xai",
}

// candidates returns the variables that serve provider, in the gateway's
// order: its id lower-cased and trimmed (normalizeProviderIdForAuth), then
// its alias's.
func candidates(provider string) []string {
	p := strings.ToLower(strings.TrimSpace(provider))
	if t, ok := authAliases[p]; ok {
		p = t
	}
	if vars, ok := shared[p]; ok {
		return vars
	}
	var vars []string
	for _, k := range Known {
		if k.Provider == p {
			vars = append(vars, k.Var)
		}
	}
	return vars
}

// ClaudeCodeVar is the setup-token Claude Code itself reads. The gateway does
// not count it (seen in runs), so it is shown but serves no gateway model.
const ClaudeCodeVar = "CLAUDE_CODE_OAUTH_TOKEN"

// Found is one variable that is set. File is "" for the process environment.
type Found struct {
	Key
	File string
	// ForGateway is false for variables the gateway does not read.
	ForGateway bool
}

// FileError is a dotenv file that exists but could not be read.
type FileError struct {
	File   string
	Reason string
	// Unreadable is set when the file itself cannot be read (a directory,
	// a symlink loop, permission denied), not some of its lines.
	Unreadable bool
}

// Result is what Lookup found: the set variables in the gateway's order, and
// the files it could not read. Vars holds every variable the dotenv files
// define, for the gateway config's ${VAR} substitution only; it never leaves
// the engine.
type Result struct {
	Found  []Found
	Errors []FileError
	vars   map[string]string
	getenv func(string) string
}

// Lookup finds the credential variables: the process environment first, then
// each dotenv file in order; the first value wins, as the gateway loads its
// dotenv files without overriding what is already set.
func Lookup(getenv func(string) string, f fsys.FS, files []string) Result {
	r := Result{vars: map[string]string{}, getenv: getenv}
	fileOf := map[string]string{}
	for _, name := range files {
		data, err := f.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			r.Errors = append(r.Errors, FileError{File: name, Reason: fsys.Reason(err), Unreadable: !errors.Is(err, fsys.ErrTooLarge)})
			continue
		}
		if len(data) > maxDotenvBytes {
			r.Errors = append(r.Errors, FileError{File: name, Reason: fmt.Sprintf("larger than %d MB, which the gateway skips; its keys are not counted", maxDotenvBytes>>20)})
			continue
		}
		vars, bad := ParseDotenv(data)
		if len(bad) > 0 {
			r.Errors = append(r.Errors, FileError{File: name, Reason: "lines " + badLines(bad) + " are not KEY=value and are skipped"})
		}
		for k, v := range vars {
			if _, seen := r.vars[k]; !seen {
				r.vars[k] = v
				fileOf[k] = name
			}
		}
	}
	look := func(k Key, forGateway bool) {
		if strings.TrimSpace(getenv(k.Var)) != "" {
			if present(getenv(k.Var)) {
				r.Found = append(r.Found, Found{Key: k, ForGateway: forGateway})
			}
			return
		}
		if present(r.vars[k.Var]) {
			r.Found = append(r.Found, Found{Key: k, File: fileOf[k.Var], ForGateway: forGateway})
		}
	}
	for _, k := range Known {
		look(k, true)
	}
	look(Key{Provider: "anthropic", Var: ClaudeCodeVar, Kind: profile.Token}, false)
	return r
}

// present reports whether v still holds a secret once the gateway has
// normalized it (normalizeSecretInput, dist/normalize-secret-input-*.mjs):
// it drops line breaks, control characters and every code point beyond
// Latin-1, then trims the ends, so a key of only such characters (a
// Cyrillic one, seen in runs) serves nothing.
func present(v string) bool {
	for _, c := range v {
		if c < 0x20 || (c >= 0x7f && c <= 0x9f) || c > 0xff || c == ' ' || c == '\u00a0' {
			continue
		}
		return true
	}
	return false
}

// Getenv is the environment the gateway's config sees: the process
// environment, then the dotenv files' values.
func (r Result) Getenv(name string) string {
	if v := r.getenv(name); v != "" {
		return v
	}
	return r.vars[name]
}

// Provider returns the variable that serves provider for the gateway, if any:
// the first of its candidates that is set.
func (r Result) Provider(provider string) (Found, bool) {
	for _, v := range candidates(provider) {
		for _, f := range r.Found {
			if f.ForGateway && f.Var == v {
				return f, true
			}
		}
	}
	return Found{}, false
}

// WithConfig adds the variables the gateway config sets (env.vars.KEY and
// env.KEY, applyConfigEnvVars), found in file. They rank below the process
// environment and above the dotenv files, whose values they replace. A value
// that still holds a ${VAR} reference is not applied, as the gateway skips
// it.
func (r Result) WithConfig(vars map[string]string, file string) Result {
	if len(vars) == 0 {
		return r
	}
	out := r
	out.vars = make(map[string]string, len(r.vars)+len(vars))
	for k, v := range r.vars {
		out.vars[k] = v
	}
	applied := map[string]bool{}
	for k, v := range vars {
		if strings.TrimSpace(v) == "" || strings.Contains(v, "${") || strings.TrimSpace(r.getenv(k)) != "" {
			continue
		}
		out.vars[k] = v
		applied[k] = true
	}
	var found []Found
	for _, f := range r.Found {
		if applied[f.Var] {
			continue
		}
		found = append(found, f)
	}
	for _, k := range append(append([]Key{}, Known...), Key{Provider: "anthropic", Var: ClaudeCodeVar, Kind: profile.Token}) {
		if applied[k.Var] && present(vars[k.Var]) {
			found = append(found, Found{Key: k, File: file, ForGateway: k.Var != ClaudeCodeVar})
		}
	}
	// Keep the gateway's order of precedence within a provider.
	rank := map[string]int{}
	for i, k := range Known {
		rank[k.Var] = i
	}
	rank[ClaudeCodeVar] = len(Known)
	sort.SliceStable(found, func(i, j int) bool { return rank[found[i].Var] < rank[found[j].Var] })
	out.Found = found
	return out
}

// IsKnownVar reports whether name is a credential variable the gateway knows.
func IsKnownVar(name string) bool {
	for _, k := range Known {
		if k.Var == name {
			return true
		}
	}
	return false
}

// IsSet reports whether name is set, for the gateway, in the process
// environment, the config's env or a dotenv file. The value never leaves
// the engine.
func (r Result) IsSet(name string) bool {
	return strings.TrimSpace(r.Getenv(name)) != ""
}

// AddSecrets records in set the values of the credential variables found
// (the process environment's, the dotenv files' and the config's), so that
// every output masks them.
func (r Result) AddSecrets(set *redact.Set) {
	for _, f := range r.Found {
		set.Add(r.Getenv(f.Var))
	}
}

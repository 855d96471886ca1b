package schema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/json5"
)

// BenchmarkCheck: the check of a config with 100 agents, each with a model
// and a models map, against the 2026.9.6 tree (every scan makes it).
func BenchmarkCheck(b *testing.B) {
	var entries []string
	for i := range 100 {
		entries = append(entries, fmt.Sprintf(`a%03d: {agentDir: "/x/%d", model: {primary: "anthropic/claude-sonnet-4-6", fallbacks: ["openai/gpt-5.5"]}, models: {"openai/gpt-5.5": {agentRuntime: {id: "openclaw"}}}}`, i, i))
	}
	config := `{meta: {lastTouchedVersion: "2026.9.6"}, auth: {profiles: {"anthropic:manual": {provider: "anthropic", mode: "token"}}},
		agents: {ownership: "explicit", defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}, entries: {` + strings.Join(entries, ", ") + `}}}`
	v, err := json5.Parse([]byte(config))
	if err != nil {
		b.Fatal(err)
	}
	tree, _ := For("2026.9.6")
	b.ReportAllocs()
	for b.Loop() {
		if is, refused := tree.Check(v); refused {
			b.Fatal(is.Sentence())
		}
	}
}

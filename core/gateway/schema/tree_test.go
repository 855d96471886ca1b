package schema

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"testing"
)

const schemaFile = "testdata/openclaw-2026.9.6.schema.json.gz"

// TestGeneratedIsCurrent: the compiled tree in openclaw2026_9_6.go is what
// Compile makes of the gateway's schema now (run go generate when not).
func TestGeneratedIsCurrent(t *testing.T) {
	tree, err := Compile(readSchema(t), "2026.9.6")
	if err != nil {
		t.Fatal(err)
	}
	src, err := tree.GoSource("openclaw2026_9_6", schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("openclaw2026_9_6.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, have) {
		t.Error("openclaw2026_9_6.go is not what the schema compiles to: run go generate ./core/gateway/schema")
	}
}

// TestGatewaySchema checks configs against the real 2026.9.6 tree: what
// the gateway's own commands write passes, and the keys its `config
// validate` refuses are refused (each case was run through it).
func TestGatewaySchema(t *testing.T) {
	tree, ok := For("2026.9.6")
	if !ok {
		t.Fatal("no tree for 2026.9.6")
	}
	runCases(t, tree, []checkCase{
		{"written by paste-token", `{auth: {profiles: {"anthropic:manual": {provider: "anthropic", mode: "token"}}},
			plugins: {entries: {anthropic: {config: {sessionCatalog: {enabled: false}}}}},
			meta: {migrations: {modelPolicyAllowlist: true, utilityModelSeparation: true}, lastTouchedVersion: "2026.9.6"}}`, Issue{}},
		{"agents and models", `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}, models: {"openai/gpt-5": {agentRuntime: {id: "codex"}}}},
			entries: {main: {}, work: {agentDir: "/x", model: {primary: "openrouter/anthropic/claude-sonnet-4"}}}},
			models: {providers: {anthropic: {apiKey: "${ANTHROPIC_API_KEY}", baseUrl: "https://api.anthropic.com", models: []}}},
			auth: {order: {anthropic: ["anthropic:manual"]}}, env: {vars: {A: "b"}}}`, Issue{}},
		{"a bundled channel is checked too", `{channels: {telegram: {anything: true}}}`, Issue{Path: "channels.telegram", Key: "anything"}},
		{"another plugin's channel is not", `{channels: {mychat: {anything: true}}}`, Issue{}},
		{"top-level typo", `{fooBar: 1}`, Issue{Key: "fooBar"}},
		{"agents.defaults typo", `{agents: {defaults: {modle: 1}}}`, Issue{Path: "agents.defaults", Key: "modle"}},
		{"agent id not canonical", `{agents: {entries: {"Work Bot": {}}}}`, Issue{Path: "agents.entries", Key: "Work Bot", BadName: true}},
		{"auth profile typo", `{auth: {profiles: {"anthropic:manual": {provider: "anthropic", mdoe: "token"}}}}`, Issue{Path: `auth.profiles["anthropic:manual"]`, Key: "mdoe"}},
	})
}

func readSchema(t *testing.T) []byte {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

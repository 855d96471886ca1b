package gateway

import (
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

// TestLocalHost holds urlHost and isLocalHost to what openclaw 2026.9.6's
// models status said of a custom provider without a key at each base URL
// (true: it served the model; false: the model had no credential).
func TestLocalHost(t *testing.T) {
	tests := []struct {
		base  string
		host  string
		local bool
	}{
		{"http://127.0.0.1:9/v1", "127.0.0.1", true},
		{"http://127.5.6.7:9/v1", "127.5.6.7", true},
		{"http://127.1:9/v1", "127.0.0.1", true},
		{"http://0x7f.0.0.1:9/v1", "127.0.0.1", true},
		{"http://2130706433/v1", "127.0.0.1", true},
		{"http://0177.0.0.1/v1", "127.0.0.1", true},
		{"http://127.0.0.1./v1", "127.0.0.1", true},
		{"ws://127.1/v1", "127.0.0.1", true},
		{"ftp://127.0.0.1/v1", "127.0.0.1", true},
		{"foo://127.0.0.1/v1", "127.0.0.1", true},
		{"foo://127.1/v1", "127.1", false}, // not a special scheme: no IPv4 parsing
		{"http://[::1]:9/v1", "::1", true},
		{"http://[::ffff:127.0.0.1]:9/v1", "::ffff:127.0.0.1", true},
		{"http://[::ffff:192.168.1.1]:9/v1", "::ffff:192.168.1.1", false},
		{"http://[fd00::1]:9/v1", "fd00::1", false},
		{"http://10.1.2.3:9/v1", "10.1.2.3", true},
		{"http://172.31.255.1:9/v1", "172.31.255.1", true},
		{"http://172.32.0.1:9/v1", "172.32.0.1", false},
		{"http://192.168.1.5:8080/v1", "192.168.1.5", true},
		{"http://100.64.0.1:9/v1", "100.64.0.1", false},
		{"http://169.254.1.1:9/v1", "169.254.1.1", false},
		{"http://0.0.0.0:9/v1", "0.0.0.0", true},
		{"http://LOCALHOST:9/v1", "localhost", true},
		{"http://localhost./v1", "localhost.", false},
		{"http://box.local:9/v1", "box.local", true},
		{"http://Box.LOCAL./v1", "box.local.", false},
		{"http://host.docker.internal:9/v1", "host.docker.internal", true},
		{"http://u:p@127.0.0.1:9/v1", "127.0.0.1", true},
		{"  http://127.0.0.1:9/v1  ", "127.0.0.1", true},
		{"127.0.0.1:9/v1", "", false},
		{"https://llm.example.com/v1", "llm.example.com", false},
		{"http://256.0.0.1/v1", "", false},
		{"http://1.2.3.4.5/v1", "", false},
		{"http://09.0.0.1/v1", "", false},
		{"http://99999999999999999999999/v1", "", false},
	}
	for _, tt := range tests {
		host := urlHost(tt.base)
		if host != tt.host || isLocalHost(host) != tt.local {
			t.Errorf("%q: host %q, local %v; want %q, %v", tt.base, host, isLocalHost(host), tt.host, tt.local)
		}
	}
}

// TestLocalProvider covers the entry's own conditions.
func TestLocalProvider(t *testing.T) {
	const base = `baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", models: [{id: "m1"}]`
	tests := []struct {
		entry string
		local bool
	}{
		{base, true},
		{base + `, apiKey: ""`, true},
		{base + `, apiKey: "  "`, true},
		{base + `, auth: "api-key"`, true},
		{base + `, auth: "something"`, true}, // no override: not one the gateway knows
		{base + `, auth: "token"`, false},
		{base + `, auth: "oauth"`, false},
		{base + `, auth: "aws-sdk"`, false},
		{base + `, apiKey: "custom-local"`, false}, // a key (the marker path judges it)
		{base + `, apiKey: "${LOCAL_KEY}"`, false},
		{base + `, apiKey: {source: "env", provider: "default", id: "LOCAL_KEY"}`, false},
		{`baseUrl: "http://127.0.0.1:9/v1", api: "openai-completions", models: []`, false},
		{`baseUrl: "http://127.0.0.1:9/v1", api: " ", models: [{id: "m1"}]`, false},
		{`baseUrl: "http://127.0.0.1:9/v1", models: [{id: "m1"}]`, false},
		{`baseUrl: " ", api: "openai-completions", models: [{id: "m1"}]`, false},
	}
	for _, tt := range tests {
		c, err := loadConfig(fsys.Fake{Files: map[string]string{"/c.json": `{models: {providers: {mine: {` + tt.entry + `}}}}`}}, "/c.json", func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		name, _, local := c.localProvider("mine")
		if local != tt.local || (local && name != "mine") {
			t.Errorf("{%s}: local %v (%q), want %v", tt.entry, local, name, tt.local)
		}
	}
}

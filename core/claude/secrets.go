package claude

import (
	"encoding/json"

	"github.com/authtray/authtray/core/redact"
)

// addMCPSecrets adds the tokens of the MCP servers' logins (mcpOAuth, keyed
// by server) to secrets. authtray shows none of them, but they are read
// with the file, so every output is checked against them too.
func addMCPSecrets(raw json.RawMessage, secrets *redact.Set) {
	if secrets == nil || raw == nil {
		return
	}
	var servers map[string]json.RawMessage
	if json.Unmarshal(raw, &servers) != nil {
		return
	}
	for _, entry := range servers {
		var fields map[string]json.RawMessage
		if json.Unmarshal(entry, &fields) != nil {
			continue // not a login Claude Code wrote; nothing is shown of it
		}
		for _, k := range []string{"accessToken", "refreshToken"} {
			var v string
			if json.Unmarshal(fields[k], &v) == nil {
				secrets.Add(v)
			}
		}
	}
}

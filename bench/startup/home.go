package main

import (
	"time"

	"github.com/authtray/authtray/internal/benchhome"
)

// typicalHome writes the typical user's HOME under dir, the one core/scan's
// typical-1x3 benchmark scans (internal/benchhome), with expiries from
// now: a Claude Code login, and a current-layout gateway with one agent:
// openclaw.json, a .env with API keys, the state database with the shared
// store and the agent's database, three profiles each (a setup-token 30
// days from expiry, an API key, an OAuth login). `status --check` exits 0
// on it.
func typicalHome(dir string) error {
	return benchhome.Home{Agents: 1, PerAgent: 3, SQLite: true}.Build(dir, time.Now())
}

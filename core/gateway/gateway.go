// Package gateway reads the OpenClaw/Moltbot/Clawdbot gateway's auth
// profiles, read-only, in every storage format it has used.
package gateway

import (
	"context"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// Input is what reading the gateway needs.
type Input struct {
	Home   string
	Getenv func(string) string
	FS     fsys.FS
	Now    time.Time
	// StateDirs are extra state dirs from the settings file.
	StateDirs []string
	// Agent limits the verdict to one agent ("" judges every agent).
	Agent string
}

// Read returns every gateway profile and environment key.
func Read(ctx context.Context, in Input) []profile.Profile { return nil }

// WatchPaths are the directories whose changes can change Read's result.
func WatchPaths(in Input) []string { return nil }

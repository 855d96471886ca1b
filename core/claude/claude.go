// Package claude reads Claude Code's own login: one row per config dir.
package claude

import (
	"context"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// Input is what reading Claude Code's login needs.
type Input struct {
	Home   string
	Getenv func(string) string
	FS     fsys.FS
	// Dirs are extra config dirs from the settings file.
	Dirs []string
}

// Read returns one profile per Claude Code config dir.
func Read(ctx context.Context, in Input) []profile.Profile { return nil }

// WatchPaths are the directories whose changes can change Read's result.
func WatchPaths(in Input) []string { return nil }

package main

import (
	"context"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/live"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/scan"
)

// liveSources splits the scan for a live view: Claude Code is re-read only
// when its files change; the gateway also on timer wakes (which profile an
// agent uses depends on the time). Judge judges the kept rows with the
// current input's time, warn window and notes.
func liveSources(input func() scan.Input) ([]live.Source, func(...[]profile.Profile) profile.Snapshot) {
	sources := []live.Source{
		{
			Name:    "claude",
			Read:    func(ctx context.Context) []profile.Profile { return scan.ReadClaude(ctx, input()) },
			Watches: func() []fsys.Watch { return scan.ClaudeWatches(input()) },
		},
		{
			Name:    "gateway",
			Read:    func(ctx context.Context) []profile.Profile { return scan.ReadGateway(ctx, input()) },
			Watches: func() []fsys.Watch { return scan.GatewayWatches(input()) },
			Timed:   true,
		},
	}
	judge := func(rows ...[]profile.Profile) profile.Snapshot { return scan.Judge(input(), rows...) }
	return sources, judge
}

package main

import (
	"context"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/live"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/scan"
)

// liveSources splits the scan for a live view, one live source per reader:
// each is re-read only when its files change, a timed one (the gateway:
// which profile an agent uses depends on the time) also on timer wakes.
// Judge judges the kept rows with the current input's time, warn window
// and notes.
func liveSources(input func() scan.Input) ([]live.Source, func(...[]profile.Profile) profile.Snapshot) {
	var sources []live.Source
	for _, r := range scan.Readers() {
		sources = append(sources, live.Source{
			Name:    r.Name,
			Read:    func(ctx context.Context) []profile.Profile { return r.Read(ctx, input()) },
			Watches: func() []fsys.Watch { return r.Watches(input()) },
			Timed:   r.Timed,
		})
	}
	judge := func(rows ...[]profile.Profile) profile.Snapshot { return scan.Judge(input(), rows...) }
	return sources, judge
}

package scan

import (
	"context"
	"slices"

	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/gateway"
	"github.com/authtray/authtray/core/profile"
)

// Reader is one reader of a scan: the sources whose rows it gives (one
// reader can give several: which environment keys count is the gateway's
// choice), how it reads them and which files it reads.
type Reader struct {
	Name  string
	Gives []profile.Source
	// Read returns the rows unjudged; Watches are the directories and
	// files Read reads.
	Read    func(context.Context, Input) []profile.Profile
	Watches func(Input) []fsys.Watch
	// Timed means the rows depend on the time too (in.Now), not only on
	// the files: a live view reads them again when a threshold passes.
	Timed bool
}

// readers are every reader, one entry per source package that reads rows
// (core/source lists what the views need of each source).
var readers = []Reader{
	{Name: "claude", Gives: []profile.Source{claude.ID}, Read: ReadClaude, Watches: ClaudeWatches},
	{Name: "gateway", Gives: []profile.Source{gateway.ID, envkey.ID}, Read: ReadGateway, Watches: GatewayWatches, Timed: true},
}

// Readers returns every reader, in the order Scan reads them.
func Readers() []Reader { return slices.Clone(readers) }

// Package scan is the engine: it reads every source and returns one judged
// Snapshot. The CLI, the tray, the notifier and `watch` all call Scan; none
// of them reads a store itself.
package scan

import (
	"context"
	"time"

	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/gateway"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/secrets"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/core/source"
)

// Input is everything a scan depends on; tests fake all of it.
type Input struct {
	Home   string
	Getenv func(string) string
	// LookupEnv tells a variable set to "" from an unset one (optional).
	LookupEnv func(string) (string, bool)
	FS        fsys.FS
	Now       time.Time
	Zone      *time.Location
	Settings  settings.Settings
	// Warn overrides the settings' warn window when positive (--warn).
	Warn time.Duration
	// Agent judges one gateway agent only (--agent).
	Agent string
	// Notes are carried into the snapshot (e.g. a malformed settings file).
	Notes []string
	// Keychain is the macOS login keychain (nil elsewhere); User the login
	// name, the keychain account when $USER is unset.
	Keychain claude.Keychain
	User     string
	// KeychainCache spares a long-running view reading keychain secrets
	// whose items did not change (nil: read them every scan).
	KeychainCache *claude.KeychainCache
	// Secrets collects every secret value the readers read, for the
	// views to mask (nil: none collected).
	Secrets *redact.Set
	// NodePrefixes are npm global prefixes to look for the gateway in
	// beyond those PATH and npm's settings name (gateway.Input.Prefixes).
	NodePrefixes []string
	// SecretOS resolves the gateway config's file and exec SecretRefs;
	// RefCache keeps exec outcomes until the config changes (a live view
	// passes the same one to every scan).
	SecretOS secrets.OS
	RefCache *gateway.RefCache
	// DBCache keeps the gateway databases' rows while their files do not
	// change (a live view passes the same one to every scan; nil: every
	// scan reads every database).
	DBCache *gateway.DBCache
}

func (in Input) claude() claude.Input {
	return claude.Input{Home: in.Home, Getenv: in.Getenv, LookupEnv: in.LookupEnv, FS: in.FS, Dirs: in.Settings.ClaudeDirs, Keychain: in.Keychain, KeychainCache: in.KeychainCache, User: in.User, Secrets: in.Secrets}
}

func (in Input) gateway() gateway.Input {
	return gateway.Input{Home: in.Home, Getenv: in.Getenv, LookupEnv: in.LookupEnv, FS: in.FS, Now: in.Now, StateDirs: in.Settings.StateDirs, Agent: in.Agent, Secrets: in.Secrets, Prefixes: in.NodePrefixes, SecretOS: in.SecretOS, RefCache: in.RefCache, DBCache: in.DBCache}
}

// Policy is the judging policy this input implies.
func (in Input) Policy() profile.Policy {
	w := in.Warn
	if w <= 0 {
		w = time.Duration(in.Settings.Warn)
	}
	return profile.Policy{Now: in.Now, Warn: w, Zone: in.Zone}
}

// Scan reads every source and judges the result.
func Scan(ctx context.Context, in Input) profile.Snapshot {
	rows := make([][]profile.Profile, len(readers))
	for i, r := range readers {
		rows[i] = r.Read(ctx, in)
	}
	return Judge(in, rows...)
}

// ReadClaude reads the Claude Code logins, unjudged. Its rows depend only on
// the Claude Code files (and keychain items), never on the time: a live view
// may keep them and judge them again later (Judge).
func ReadClaude(ctx context.Context, in Input) []profile.Profile {
	return guard(profile.ClaudeCode, "Claude Code's login", func() []profile.Profile { return claude.Read(ctx, in.claude()) })
}

// ReadGateway reads the gateway's profiles, unjudged. They depend on the
// gateway's files, the environment (and .env) keys and in.Now: which
// profile an agent uses changes with cooldowns and disabled-until times, so
// a live view reads the gateway again when the time passes a threshold.
func ReadGateway(ctx context.Context, in Input) []profile.Profile {
	return guard(profile.Gateway, "the gateway's credentials", func() []profile.Profile { return gateway.Read(ctx, in.gateway()) })
}

// Judge judges rows read earlier (by the readers, in any order) with in's
// policy and notes, the sources in core/source's order. It works on
// copies: the caller's rows stay unjudged, so judging the same rows again
// at another time gives what a fresh scan would.
func Judge(in Input, sources ...[]profile.Profile) profile.Snapshot {
	n := 0
	for _, rows := range sources {
		n += len(rows)
	}
	var ps []profile.Profile
	if n > 0 {
		ps = make([]profile.Profile, 0, n) // one copy of every row
	}
	for _, rows := range sources {
		ps = append(ps, rows...) // Finish only sets fields of each row
	}
	source.Arrange(ps)
	snap := profile.Snapshot{Profiles: ps, Notes: append([]string(nil), in.Notes...)}
	snap.Finish(in.Policy())
	return snap
}

// KeychainItems are the keychain items a live view polls for changes (their
// modification date only; the secret is read by Scan alone).
func KeychainItems(in Input) []claude.Item { return claude.KeychainItems(in.claude()) }

// Watches are the directories a live view watches to notice changes, and
// the files in each that Scan reads.
func Watches(in Input) []fsys.Watch {
	var out []fsys.Watch
	for _, r := range readers {
		out = append(out, r.Watches(in)...)
	}
	return out
}

// ClaudeWatches are the directories and files ReadClaude reads.
func ClaudeWatches(in Input) []fsys.Watch {
	return guardWatches(func() []fsys.Watch { return claude.Watches(in.claude()) })
}

// GatewayWatches are the directories and files ReadGateway reads.
func GatewayWatches(in Input) []fsys.Watch {
	return guardWatches(func() []fsys.Watch { return gateway.Watches(in.gateway()) })
}

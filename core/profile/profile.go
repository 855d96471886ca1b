// Package profile holds the model every view shares: one credential as read
// from its store, and the state authtray judges it to be in.
//
// Data flows one way: sources fill in the facts of a Profile (kind, expiry,
// whether it can refresh, or why it could not be read), Judge turns facts into
// a State and a sentence, and a Snapshot of all profiles is what the CLI, the
// tray and the notifier render. No Profile ever holds a secret.
package profile

import "time"

// Kind is the type of credential, named as the gateway names it.
type Kind string

const (
	OAuth  Kind = "oauth"   // access + refresh token; refreshed by its owner on use
	Token  Kind = "token"   // static bearer token (claude setup-token); never refreshed
	APIKey Kind = "api_key" // API key; no expiry
)

// Source says which program's store a profile was read from. Its values
// are part of the JSON contract. Each source's package names its own and
// tells the views about its rows (core/source lists them); these are the
// sources authtray shipped with, named here because the JSON's readers
// (core/remote) and many tests name them.
type Source string

const (
	ClaudeCode Source = "claude-code"
	Gateway    Source = "gateway"
	Env        Source = "env"
)

// State is authtray's judgement of one credential.
type State string

const (
	OK          State = "ok"
	Unknown     State = "unknown"  // usable, but no expiry is known
	Expiring    State = "expiring" // inside the warn window
	Expired     State = "expired"
	Missing     State = "missing" // no credential where one is needed
	Error       State = "error"   // the store could not be read; Message says why
	Unreachable State = "unreachable"
)

// Profile is one credential. JSON field names are part of the CLI's contract:
// scripts depend on them, so they never change meaning.
type Profile struct {
	ID       string `json:"id"`
	Provider string `json:"provider"`
	Kind     Kind   `json:"kind"`
	Source   Source `json:"source"`
	// Location is where it was read: a file path, a database path and row, a
	// keychain service, or an environment variable name. Never the secret.
	Location string `json:"location"`
	Agent    string `json:"agent"`
	// Host is the ssh destination it was read on; "" is this machine.
	Host string `json:"host"`
	// Account is a human label for the login, e.g. the Claude account email.
	Account string `json:"account,omitempty"`

	State       State      `json:"state"`
	ExpiresAt   *time.Time `json:"expiresAt"`
	LoginEndsAt *time.Time `json:"loginEndsAt"`
	Refreshable bool       `json:"refreshable"`
	Message     string     `json:"message"`
	Fix         string     `json:"fix"`
	// FixEnv is what Fix sets in the environment ("NAME=value"), for a
	// program that runs it without a shell: the variable naming a Claude
	// Code config dir other than ~/.claude, a gateway's OPENCLAW_STATE_DIR
	// or OPENCLAW_CONFIG_PATH.
	//
	// FixEnv and FixArgs are in the JSON ("fixEnv", "fixArgs", omitted
	// when empty; an addition within schema 1) so that a machine watching
	// this one over ssh runs the same command here without parsing Fix
	// (core/remote re-validates them).
	FixEnv []string `json:"fixEnv,omitempty"`
	// FixArgs is Fix as an argv, for a program that runs it without a
	// shell (the tray's one click), with FixEnv set. nil when Fix is
	// advice rather than a command. See SetFix and SetTokenChainFix.
	FixArgs []string `json:"fixArgs,omitempty"`

	// UsedBy lists the agents and models that would select this credential
	// (gateway profiles only; empty when unused).
	UsedBy []Use `json:"usedBy"`
	// Unusable is set while the gateway has stopped using the profile.
	Unusable *Unusable `json:"unusable"`
	// Judged is true when this profile's state counts toward the verdict (the
	// exit code of --check, the icon colour, notifications). Unused gateway
	// profiles and stores the gateway does not read are shown but not judged.
	Judged bool `json:"judged"`

	// The facts that are bools sit beside Judged, in room the struct has
	// anyway: a large host has thousands of rows, each copied several
	// times a scan (344 bytes a row, not 360).
	//
	// CanRefresh is a fact for Judge: a refresh token is present. Refreshable
	// (in JSON) is derived from it.
	CanRefresh bool `json:"-"`
	// AskAgain means the store refused access after asking the user (a
	// denied or unanswered Keychain prompt): reading it again asks again,
	// so background re-reads skip it and a view offers it as an action.
	AskAgain bool `json:"-"`
	// Optional is a fact for Finish: the user need not use this program
	// at all, so a missing row of it (a config dir never signed in) is
	// shown but not counted while any other credential exists.
	Optional bool `json:"-"`

	// Note qualifies the row for people, e.g. "not read by the gateway".
	Note string `json:"note,omitempty"`
	// StateDir is the gateway state dir a gateway row was read from, for
	// grouping rows by install ("" otherwise). Location says the same in
	// JSON, so it is not part of the contract.
	StateDir string `json:"-"`

	// Fingerprint identifies this exact credential (a hash of facts that change
	// when it is renewed, never of the secret itself), so a notification is
	// sent once per credential and a renewed one starts fresh.
	Fingerprint string `json:"-"`
	// LoginWarn is a fact for Judge: how early the program whose login
	// this is warns that it ends (Claude Code: 10 days). A refreshable
	// login is expiring from then on even when the warn window is shorter.
	LoginWarn time.Duration `json:"-"`
}

// Use is one agent/model pair that selects a credential.
type Use struct {
	Agent string `json:"agent"`
	Model string `json:"model"`
	Role  string `json:"role,omitempty"` // default, fallback, image, image-fallback, utility
}

// Unusable describes why the gateway is not using a profile right now.
type Unusable struct {
	Kind   string     `json:"kind"` // "disabled" or "cooldown"
	Reason string     `json:"reason"`
	Until  *time.Time `json:"until"`
}

// Key identifies a profile across snapshots: the same credential slot on the
// same host, whatever its current value.
func (p Profile) Key() string {
	return p.Host + "\x00" + string(p.Source) + "\x00" + p.Location + "\x00" + p.Agent + "\x00" + p.ID
}

// Deadline is the moment the credential stops working without the user: the
// end of the login for a refreshable OAuth profile, else its expiry.
func (p Profile) Deadline() (time.Time, bool) {
	if p.Kind == OAuth && p.CanRefresh {
		if p.LoginEndsAt != nil {
			return *p.LoginEndsAt, true
		}
		return time.Time{}, false
	}
	if p.ExpiresAt != nil {
		return *p.ExpiresAt, true
	}
	return time.Time{}, false
}

// Time returns a pointer to t in UTC, for the optional time fields.
func Time(t time.Time) *time.Time {
	u := t.UTC()
	return &u
}

// Origin is the machine a row from elsewhere was read on, as a source
// needs it to complete the row (core/source's Decode): its name and the
// settings that say where its stores are.
type Origin struct {
	Host string
	// StateDir is the host's gateway state_dir setting ("" for the
	// gateway's default), ClaudeDir its claude_config_dir.
	StateDir, ClaudeDir string
}

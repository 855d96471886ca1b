package tray

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/source"
	"github.com/authtray/authtray/core/sshdest"
	"github.com/authtray/authtray/internal/golden"
)

const (
	h = time.Hour
	d = 24 * time.Hour
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) // a Tuesday

func at(off time.Duration) *time.Time { return profile.Time(now.Add(off)) }

// snap judges rows as a scan does, its sources in core/source's order.
func snap(ps ...profile.Profile) profile.Snapshot {
	source.Arrange(ps)
	s := profile.Snapshot{Profiles: ps}
	s.Finish(profile.Policy{Now: now, Zone: time.UTC})
	return s
}

var (
	claudeOK = profile.Profile{ID: "claude-code", Account: "a@b.c", Source: profile.ClaudeCode, Kind: profile.OAuth, CanRefresh: true, LoginWarn: 10 * d, Optional: true,
		Location: "/home/u/.claude/.credentials.json", ExpiresAt: at(-h), LoginEndsAt: at(23 * d), Judged: true, Fix: "claude auth login"}
	manual = profile.Profile{ID: "anthropic:manual", Provider: "anthropic", Source: profile.Gateway, Kind: profile.Token, Agent: "main",
		Location: "/home/u/.openclaw/agents/main/agent/auth-profiles.json", Judged: true,
		UsedBy: []profile.Use{{Agent: "main", Model: "anthropic/claude-opus-4-6", Role: "default"}}}
	envKey = profile.Profile{ID: "ANTHROPIC_API_KEY", Provider: "anthropic", Source: profile.Env, Kind: profile.APIKey, Location: "ANTHROPIC_API_KEY", Judged: true}
)

func with(p profile.Profile, f func(*profile.Profile)) profile.Profile { f(&p); return p }

func init() {
	// As core/gateway makes it: claude setup-token, pasted into this profile.
	profile.SetTokenChainFix(&manual, nil, []string{"openclaw", "models", "auth", "paste-token", "--provider", "anthropic",
		"--profile-id", "anthropic:manual", "--expires-in", "365d", "--agent", "main"})
}

func TestGolden(t *testing.T) {
	on, off := true, false
	base := Options{Zone: time.UTC, Home: "/home/u", Clipboard: "xclip", Notifications: true}
	tests := []struct {
		name string
		s    profile.Snapshot
		o    Options
	}{
		{"all_ok", snap(claudeOK, with(manual, func(p *profile.Profile) { p.ExpiresAt = at(300 * d) }), envKey), base},
		{"expiring_token", snap(claudeOK, with(manual, func(p *profile.Profile) { p.ExpiresAt = at(5*h + 12*time.Minute) }), envKey),
			with2(base, func(o *Options) { o.GatewayCLI = "openclaw"; o.Autostart = &on })},
		{"expired_and_unreadable", snap(
			with(claudeOK, func(p *profile.Profile) { p.LoginEndsAt = at(-2 * h) }),
			with(manual, func(p *profile.Profile) { p.ExpiresAt = at(-2 * h) }),
			profile.Profile{ID: "anthropic:work", Provider: "anthropic", Source: profile.Gateway, Agent: "work", Kind: profile.Token,
				Location: "/home/u/.openclaw/agents/work/agent/auth-profiles.json", State: profile.Error, Message: "permission denied", Judged: true},
		), with2(base, func(o *Options) { o.Clipboard = ""; o.Autostart = &off; o.NotifyProblem = "no notification server" })},
		{"unused_and_cooldown", snap(
			with(manual, func(p *profile.Profile) {
				p.ExpiresAt = at(3 * d)
				p.Unusable = &profile.Unusable{Kind: "cooldown", Reason: "rate_limit", Until: at(20 * time.Minute)}
			}),
			profile.Profile{ID: "anthropic:old", Provider: "anthropic", Source: profile.Gateway, Agent: "main", Kind: profile.Token,
				Location: "/home/u/.openclaw/agents/main/agent/auth-profiles.json", ExpiresAt: at(-5 * d)},
			with(claudeOK, func(p *profile.Profile) { p.LoginEndsAt = nil; p.ExpiresAt = at(2 * h) }),
		), base},
		{"no_credentials", snap(profile.Profile{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, Location: "/home/u/.claude/.credentials.json",
			Optional: true, State: profile.Missing, Message: "Not signed in", Judged: true, Fix: "claude auth login"}), base},
		{"remote_host", func() profile.Snapshot {
			s := snap(claudeOK, with(manual, func(p *profile.Profile) {
				p.Host = "box"
				p.ExpiresAt = at(30 * time.Minute)
				p.Fix = "ssh box claude setup-token"
			}))
			s.Hosts = []profile.Host{{Name: "box", Reachable: true}, {Name: "nas", Error: "ssh: connect to host nas port 22: No route to host"}}
			return s
		}(), base},
		{"remote_actions", remoteSnap(), base},
		{"missing_programs", snap(claudeOK, with(manual, func(p *profile.Profile) { p.ExpiresAt = at(-h) })),
			with2(base, func(o *Options) { o.NoClaude, o.NoTerminal = true, true })},
		{"claude_dirs", claudeDirsSnap(), with2(base, func(o *Options) { o.HostClaudeDirs = map[string]string{"vps": "~/work-claude"} })},
		{"remote_unreachable", unreachableSnap(), base},
		{"two_state_dirs", twoStateDirsSnap(), base},
		{"macos_keychain_denied", snap(
			profile.Profile{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, Location: "keychain:Claude Code-credentials",
				State: profile.Error, Message: "Access to the Keychain item was denied", Judged: true, Fix: "claude auth login", AskAgain: true},
			with(claudeOK, func(p *profile.Profile) {
				p.ID, p.Location = "claude-code:~/work", "/home/u/work/.credentials.json"
				p.Note, p.AskAgain = "The Keychain did not answer in time (an access prompt left unanswered?); showing .credentials.json", true
			}),
		), with2(base, func(o *Options) {
			o.Clipboard = "pbcopy"
			o.NotifyNote = "Notifications come from Script Editor (System Settings → Notifications → Script Editor)"
		})},
		{"snoozed", snap(claudeOK, with(manual, func(p *profile.Profile) { p.ExpiresAt = at(5*h + 12*time.Minute) })),
			with2(base, func(o *Options) {
				o.GatewayCLI = "openclaw"
				o.Snoozed = map[string]time.Time{with(manual, func(*profile.Profile) {}).Key(): now.Add(5*h + 12*time.Minute)}
			})},
		{"macos_script_editor_off", snap(claudeOK), with2(base, func(o *Options) {
			o.NotifyProblem = "they come from Script Editor, which may not notify: turn on System Settings → Notifications → Script Editor → Allow Notifications"
			o.NotifyNote = "not shown when there is a problem"
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Build(tt.s, tt.o).String()
			if strings.Contains(got, "sk-ant") {
				t.Fatal("a token-like string in the menu")
			}
			golden.Check(t, filepath.Join("testdata", tt.name+".golden"), []byte(got))
		})
	}
}

func with2(o Options, f func(*Options)) Options { f(&o); return o }

func TestExpiryTexts(t *testing.T) {
	tests := []struct {
		p    profile.Profile
		want string
	}{
		{envKey, "API key · no expiry"},
		{with(manual, func(p *profile.Profile) { p.ExpiresAt = at(5*h + 12*time.Minute) }), "expires in 5 h 12 m · 15:12"},
		{with(manual, func(p *profile.Profile) { p.ExpiresAt = at(28 * h) }), "expires in 1 d 4 h · Wed 14:00"},
		{with(manual, func(p *profile.Profile) { p.ExpiresAt = at(-2 * h) }), "expired 2 h ago"},
		{manual, "expiry unknown"},
		{claudeOK, "access token refreshes on next use · login ends in 23 d"},
		{with(claudeOK, func(p *profile.Profile) { p.LoginEndsAt = at(9 * d) }), "login ends in 9 d · Dec 3"},
		{with(claudeOK, func(p *profile.Profile) { p.LoginEndsAt = nil; p.ExpiresAt = at(2 * h) }), "access token valid until 12:00, then refreshes"},
		{with(manual, func(p *profile.Profile) { p.State, p.Message = profile.Error, "permission denied" }), "unreadable: permission denied"},
		{with(manual, func(p *profile.Profile) { p.State, p.Message = profile.Error, "JSON is malformed at line 3" }), "unreadable: JSON is malformed at line 3"},
		{with(manual, func(p *profile.Profile) { p.UsedBy, p.Judged = nil, false; p.ExpiresAt = at(40 * d) }), "expires in 40 d · Jan 3 2027 · not in use"},
	}
	for _, tt := range tests {
		p := tt.p
		profile.Judge(&p, profile.Policy{Now: now, Zone: time.UTC})
		if got := Expiry(p, now, time.UTC); got != tt.want {
			t.Errorf("Expiry(%s) = %q, want %q", p.ID, got, tt.want)
		}
	}
}

// TestTooltipAndTitle: the tooltip, and the macOS menu-bar text, which is
// short and never blank.
func TestTooltipAndTitle(t *testing.T) {
	o := Options{Zone: time.UTC}
	tests := []struct {
		s              profile.Snapshot
		tooltip, title string
	}{
		{snap(claudeOK, envKey), "Claude auth OK · next: login ends in 23 d", "OK · 23 d"},
		{snap(envKey), "Claude auth OK", "OK"},
		{snap(claudeOK, with(manual, func(p *profile.Profile) { p.ExpiresAt = at(3 * h) })), "anthropic:manual expires in 3 h", "anthropic:manual expires in 3 h"},
		{snap(with(claudeOK, func(p *profile.Profile) { p.LoginEndsAt = at(2 * d) }), with(manual, func(p *profile.Profile) { p.ExpiresAt = at(-3 * h) })),
			"anthropic:manual expired 3 h ago (+1 more)", "anthropic:manual expired 3 h ago (+1 more)"},
		{snap(), "Claude auth: no credentials found", "Claude auth: no credentials found"},
	}
	for _, tt := range tests {
		if got := Tooltip(tt.s, o); got != tt.tooltip {
			t.Errorf("Tooltip = %q, want %q", got, tt.tooltip)
		}
		if got := Title(tt.s, o); got != tt.title {
			t.Errorf("Title = %q, want %q", got, tt.title)
		}
	}
}

// remoteSnap: rows read from two hosts that need the user, each with the
// command that renews it on that host.
func remoteSnap() profile.Snapshot {
	vps, mini := sshdest.MustParse("me@vps.example.net"), sshdest.MustParse("ssh://me@mini:2222")
	login := with(claudeOK, func(p *profile.Profile) {
		p.Host, p.LoginEndsAt, p.Location = "vps", at(2*d), "/home/me/.claude/.credentials.json"
		p.Fix = remote.RemoteFix(vps, "claude auth login")
	})
	// As the host's authtray sends it: its state dir, its agent.
	gw := with(manual, func(p *profile.Profile) {
		p.Host, p.ExpiresAt = "vps", at(-3*h)
		profile.SetTokenChainFix(p, []string{"OPENCLAW_STATE_DIR=/srv/gw"}, []string{"openclaw", "models", "auth", "paste-token",
			"--provider", "anthropic", "--profile-id", "anthropic:manual", "--expires-in", "365d", "--agent", "main"})
		p.Fix = remote.RemoteFixArgs(vps, p.FixEnv, p.FixArgs)
	})
	token := profile.Profile{ID: "claude-code", Provider: "anthropic", Source: profile.ClaudeCode, Kind: profile.Token, Host: "mini",
		Location: "CLAUDE_CODE_OAUTH_TOKEN", ExpiresAt: at(5 * h), Judged: true, Fix: remote.RemoteFix(mini, "claude setup-token")}
	key := with(envKey, func(p *profile.Profile) { p.Host = "mini" })
	s := snap(claudeOK, login, gw, token, key)
	s.Hosts = []profile.Host{{Name: "vps", Destination: vps, Reachable: true}, {Name: "mini", Destination: mini, Reachable: true}}
	return s
}

// unreachableSnap: a host read once, then lost. Its last rows stay, noted
// and not judged; its own row says since when and why.
func unreachableSnap() profile.Snapshot {
	h := remote.Host{Remote: remote.Remote{Name: "vps", Destination: sshdest.MustParse("me@vps.example.net")}}
	pol := profile.Policy{Now: now, Zone: time.UTC}
	h.Update([]profile.Profile{with(manual, func(p *profile.Profile) { p.Host, p.ExpiresAt, p.State, p.Judged = "vps", at(3*d), "", true })},
		remote.ViaWatch, true, now.Add(-10*time.Minute))
	h.Unreachable("ssh: connect to host vps.example.net port 22: Connection timed out", now.Add(-4*time.Minute))
	rows, ph := h.Rows(now, pol)
	s := profile.Snapshot{Profiles: append([]profile.Profile{claudeOK}, rows...), Hosts: []profile.Host{ph}}
	s.Finish(pol)
	return s
}

// claudeDirsSnap: logins in several Claude Code config dirs, here and on
// hosts, each needing a sign-in that must name its own dir.
func claudeDirsSnap() profile.Snapshot {
	vps, nas := sshdest.MustParse("me@vps.example.net"), sshdest.MustParse("me@nas")
	work := with(claudeOK, func(p *profile.Profile) {
		p.ID, p.Location, p.LoginEndsAt = "claude-code:~/work-claude", "/home/u/work-claude/.credentials.json", at(2*d)
		p.Fix, p.FixEnv = "env CLAUDE_CONFIG_DIR=/home/u/work-claude claude auth login", []string{"CLAUDE_CONFIG_DIR=/home/u/work-claude"}
	})
	def := with(claudeOK, func(p *profile.Profile) { p.LoginEndsAt = at(-h) })
	// A host with authtray: its default dir, and a dir its id names.
	vpsDef := with(claudeOK, func(p *profile.Profile) {
		p.Host, p.LoginEndsAt, p.Location = "vps", at(-h), "/home/me/.claude/.credentials.json"
		p.Fix = remote.RemoteFix(vps, "claude auth login")
	})
	vpsWork := with(vpsDef, func(p *profile.Profile) {
		p.ID, p.Location = "claude-code:~/work-claude", "/home/me/work-claude/.credentials.json"
	})
	// A host without authtray (no claude_config_dir set): claude auth status.
	nasRow := with(claudeOK, func(p *profile.Profile) {
		p.Host, p.LoginEndsAt, p.Location, p.Account = "nas", at(-h), "/home/me/.claude", ""
		p.Fix = remote.RemoteFix(nas, "claude auth login")
	})
	s := snap(def, work, vpsDef, vpsWork, nasRow)
	s.Hosts = []profile.Host{{Name: "vps", Destination: vps, Reachable: true, Via: remote.ViaWatch},
		{Name: "nas", Destination: nas, Reachable: true, Via: remote.ViaGateway}}
	return s
}

// TestReauthArgv: each sign-in names its own config dir, and the tray's own
// CLAUDE_CONFIG_DIR never reaches a local command; remote ones name the
// host's dir.
func TestReauthArgv(t *testing.T) {
	m := Build(claudeDirsSnap(), Options{Zone: time.UTC, Home: "/home/u", HostClaudeDirs: map[string]string{"vps": "~/work-claude", "nas": "/srv/claude"}})
	var got []string
	var walk func(items []Item)
	walk = func(items []Item) {
		for _, it := range items {
			if a := it.Action; a.Kind == Reauth {
				got = append(got, strings.Join(a.Argv(), " ")+" @"+a.Remote.String())
			}
			walk(it.Children)
		}
	}
	walk(m.Items)
	const unset = "env -u CLAUDE_CONFIG_DIR -u CLAUDE_SECURESTORAGE_CONFIG_DIR "
	want := []string{
		unset + "claude auth login @",
		unset + "CLAUDE_CONFIG_DIR=/home/u/work-claude claude auth login @",
		"env -u CLAUDE_CODE_OAUTH_TOKEN CLAUDE_CONFIG_DIR=/srv/claude claude auth login @me@nas",
		"env -u CLAUDE_CODE_OAUTH_TOKEN claude auth login @me@vps.example.net",
		"env -u CLAUDE_CODE_OAUTH_TOKEN CLAUDE_CONFIG_DIR=~/work-claude claude auth login @me@vps.example.net",
		unset + "claude setup-token @",
		unset + "claude auth login @",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("re-auth commands:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// twoStateDirsSnap: rows from the gateway's own state dir and from a
// shelved ~/.moltbot: the headings name each state dir.
func twoStateDirsSnap() profile.Snapshot {
	live := with(manual, func(p *profile.Profile) { p.ExpiresAt = at(300 * d); p.StateDir = "/home/u/.openclaw" })
	shelved := profile.Profile{ID: "anthropic:old", Provider: "anthropic", Source: profile.Gateway, Agent: "main", Kind: profile.Token,
		Location: "/home/u/.moltbot/agents/main/agent/auth-profiles.json", ExpiresAt: at(-5 * d), StateDir: "/home/u/.moltbot",
		Note: profile.ShelvedNote}
	cfg := with(live, func(p *profile.Profile) {
		p.ID, p.Kind, p.State, p.Message, p.ExpiresAt, p.UsedBy = "config@.openclaw", "", profile.Error, "cannot be read: permission denied", nil, nil
		p.Agent, p.Fix = "", ""
		p.Location = "/home/u/.openclaw/openclaw.json"
	})
	return snap(live, shelved, cfg)
}

// A gateway row's re-auth is its own fix, word for word: its agent, and
// the state dir it was read from.
func TestGatewayReauthIsTheRowsFix(t *testing.T) {
	p := with(manual, func(p *profile.Profile) {
		p.ExpiresAt = at(time.Hour)
		profile.SetTokenChainFix(p, []string{"OPENCLAW_STATE_DIR=/srv/gw"}, []string{"openclaw", "models", "auth", "paste-token",
			"--provider", "anthropic", "--profile-id", "anthropic:manual", "--expires-in", "365d", "--agent", "work"})
	})
	m := Build(snap(p), Options{Zone: time.UTC, Home: "/home/u", GatewayCLI: "openclaw"})
	want := "env -u CLAUDE_CONFIG_DIR -u CLAUDE_SECURESTORAGE_CONFIG_DIR OPENCLAW_STATE_DIR=/srv/gw sh -c " + profile.TokenChainScript +
		" sh openclaw models auth paste-token --provider anthropic --profile-id anthropic:manual --expires-in 365d --agent work"
	var got []string
	var walk func(items []Item)
	walk = func(items []Item) {
		for _, it := range items {
			if it.Action.Kind == Reauth && (it.Label == LabelRowReauth || strings.HasPrefix(it.Label, "Re-authenticate via")) {
				got = append(got, strings.Join(it.Action.Argv(), " "))
			}
			walk(it.Children)
		}
	}
	walk(m.Items)
	if len(got) != 2 || got[0] != want || got[1] != want {
		t.Errorf("re-auth commands:\n%s\nwant twice:\n%s", strings.Join(got, "\n"), want)
	}
}

// A remote gateway row's re-auth is its FixArgs and FixEnv run on the host
// with CLAUDE_CODE_OAUTH_TOKEN removed; a row without them gets none (the
// old `models auth setup-token` wrapper writes another profile).
func TestRemoteGatewayReauth(t *testing.T) {
	gw := with(manual, func(p *profile.Profile) {
		p.Host, p.ExpiresAt = "vps", at(-3*h)
		profile.SetTokenChainFix(p, []string{"OPENCLAW_STATE_DIR=/srv/gw"}, []string{"openclaw", "models", "auth", "paste-token",
			"--provider", "anthropic", "--profile-id", "anthropic:manual", "--expires-in", "365d", "--agent", "work"})
	})
	bare := with(gw, func(p *profile.Profile) { p.FixArgs, p.FixEnv = nil, nil })
	host := profile.Host{Name: "vps", Destination: sshdest.MustParse("me@vps")}
	a, label, ok := remoteFixAction(gw, host, "")
	want := "env -u CLAUDE_CODE_OAUTH_TOKEN OPENCLAW_STATE_DIR=/srv/gw sh -c " + profile.TokenChainScript +
		" sh openclaw models auth paste-token --provider anthropic --profile-id anthropic:manual --expires-in 365d --agent work"
	if !ok || label != LabelRowReauth || a.Remote.String() != "me@vps" || strings.Join(a.Argv(), " ") != want {
		t.Errorf("action = %q @%s, %v\nwant %s", a.Argv(), a.Remote, ok, want)
	}
	if _, _, ok := remoteFixAction(bare, host, ""); ok {
		t.Error("a remote gateway row without FixArgs has a re-auth")
	}
}

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestGroupTitles: each group prints once even when its rows are not
// adjacent in sort order, and gateway titles name their state dir when there
// are several or the gateway does not read it.
func TestGroupTitles(t *testing.T) {
	gw := func(id, dir, loc, agent, note string) profile.Profile {
		return profile.Profile{ID: id, Source: profile.Gateway, StateDir: dir, Location: loc, Agent: agent, Note: note, State: profile.OK, Kind: profile.APIKey}
	}
	tests := []struct {
		name   string
		ps     []profile.Profile
		titles []string
	}{
		{"one live dir keeps short titles", []profile.Profile{
			gw("a", "/h/.openclaw", "/h/.openclaw/agents/main/agent/x", "main", ""),
			gw("b", "/h/.openclaw", "/h/.openclaw/agents/work/agent/x", "work", ""),
			gw("config@.openclaw/main", "/h/.openclaw", "/h/.openclaw/openclaw.json", "main", ""),
		}, []string{"Gateway · agent main", "Gateway · agent work"}},
		{"live and shelved dirs", []profile.Profile{
			gw("a", "/h/.moltbot", "/h/.moltbot/agents/main/agent/x", "main", "not read by the gateway"),
			gw("b", "/h/.openclaw", "/h/.openclaw/agents/main/agent/x", "main", ""),
		}, []string{"Gateway (~/.moltbot, not read by the gateway) · agent main", "Gateway (~/.openclaw) · agent main"}},
		{"a lone shelved dir is named", []profile.Profile{
			gw("a", "/srv/moltbot", "/srv/moltbot/agents/main/agent/x", "main", "not read by the gateway"),
		}, []string{"Gateway (/srv/moltbot, not read by the gateway) · agent main"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			writeTable(&b, profile.Snapshot{Profiles: tt.ps, Status: profile.OK}, profile.Policy{Now: time.Unix(0, 0)}, "/h", false, 0)
			var got []string
			for _, l := range strings.Split(b.String(), "\n") {
				if strings.HasPrefix(l, "Gateway") {
					got = append(got, l)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.titles, "|") {
				t.Errorf("titles %q, want %q\n%s", got, tt.titles, b.String())
			}
		})
	}
}

// TestUsedBy groups uses by agent and marks roles other than the default.
func TestUsedBy(t *testing.T) {
	us := []profile.Use{
		{Agent: "main", Model: "anthropic/claude-sonnet-4-6", Role: "default"},
		{Agent: "main", Model: "anthropic/claude-haiku-4-5", Role: "utility"},
		{Agent: "main", Model: "anthropic/claude-haiku-4-5", Role: "utility"},
		{Agent: "work", Model: "anthropic/claude-opus-4-5", Role: "image-fallback"},
	}
	const want = "main (anthropic/claude-sonnet-4-6, utility anthropic/claude-haiku-4-5), work (image fallback anthropic/claude-opus-4-5)"
	if got := usedBy(us); got != want {
		t.Errorf("usedBy = %q, want %q", got, want)
	}
}

// TestHostLine: an unreachable host's own line is under "Host <name>
// (<destination>)", with no kind and no repeated state word.
func TestHostLine(t *testing.T) {
	ps := []profile.Profile{
		{ID: "claude-code", Source: profile.ClaudeCode, Kind: profile.OAuth, State: profile.OK, Message: "ok"},
		{ID: "ssh", Host: "vps", Location: "me@vps", State: profile.Unreachable, Message: "unreachable since 08:50: ssh: connect to host vps port 22: Connection refused", Judged: true},
	}
	var b strings.Builder
	writeTable(&b, profile.Snapshot{Profiles: ps, Status: profile.Unreachable}, profile.Policy{Now: time.Unix(0, 0)}, "/h", false, 0)
	const want = "Host vps (me@vps)\n  ssh                 unreachable  since 08:50: ssh: connect to host vps port 22: Connection refused\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("table:\n%s\nwant it to hold:\n%s", b.String(), want)
	}
}

// TestWrap: on a terminal the detail wraps at the width, continuation lines
// under the detail column; width 0 (piped) keeps one line.
func TestWrap(t *testing.T) {
	p := profile.Profile{ID: "anthropic:manual", Source: profile.Gateway, Kind: profile.Token, State: profile.Expiring,
		Message: "Expires in 5 h 12 m (15:12)", UsedBy: []profile.Use{{Agent: "main", Model: "anthropic/claude-sonnet-4-6"}, {Agent: "work", Model: "anthropic/claude-sonnet-4-6"}}}
	for _, width := range []int{0, 80, 100} {
		var b strings.Builder
		writeTable(&b, profile.Snapshot{Profiles: []profile.Profile{p}, Status: profile.Expiring}, profile.Policy{Now: time.Unix(0, 0)}, "/h", false, width)
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		var rows []string
		for _, l := range lines[1:] {
			if l == "" {
				break
			}
			rows = append(rows, l)
		}
		for _, l := range rows {
			if width > 0 && len([]rune(l)) > width {
				t.Errorf("width %d: line of %d runes: %q", width, len([]rune(l)), l)
			}
		}
		col := strings.Index(rows[0], "Expires")
		for _, l := range rows[1:] {
			if strings.TrimLeft(l, " ") == "" || len(l)-len(strings.TrimLeft(l, " ")) != col {
				t.Errorf("width %d: continuation %q not under column %d", width, l, col)
			}
		}
		if width == 0 && len(rows) != 1 || width == 80 && len(rows) < 2 {
			t.Errorf("width %d: %d lines:\n%s", width, len(rows), b.String())
		}
		if got := strings.Join(strings.Fields(strings.Join(rows, " ")), " "); !strings.Contains(got, "in use by main (anthropic/claude-sonnet-4-6), work (anthropic/claude-sonnet-4-6)") {
			t.Errorf("width %d: words lost: %q", width, got)
		}
	}
}

package tray

import (
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext/safetexttest"
)

// TestBuildCleansEveryText: rows whose every field holds hostile text give
// a menu whose labels, tooltips, titles and copied fixes keep none of it,
// with secrets masked.
func TestBuildCleansEveryText(t *testing.T) {
	tok := "sk-ant-oat01-" + strings.Repeat("Z", 40)
	var set redact.Set
	set.Add(tok)
	for _, s := range safetexttest.Strings() {
		p := profile.Profile{ID: "anthropic:" + s + tok, Provider: "anthropic", Kind: profile.Token, Source: profile.Gateway,
			Location: "/h/.openclaw/agents/" + s + "/agent", Agent: s, Account: s, State: profile.Expired, Judged: true,
			Message: "Expired " + s, Fix: "openclaw models auth setup-token --agent " + s, Note: s, ExpiresAt: profile.Time(now.Add(-time.Hour))}
		snap := profile.Snapshot{Status: profile.Expired, CheckedAt: now, Profiles: []profile.Profile{p}, Notes: []string{s}}
		m := Build(snap, Options{Zone: time.UTC, Home: "/h", Clipboard: "xclip", Secrets: &set})
		check := func(what, text string) {
			if u := safetexttest.Unsafe(text); u != "" {
				t.Fatalf("%s %q keeps %s", what, text, u)
			}
			if strings.Contains(text, tok[13:21]) {
				t.Fatalf("%s %q shows the secret", what, text)
			}
		}
		check("tooltip", m.Tooltip)
		check("title", m.Title)
		var walk func([]Item)
		walk = func(its []Item) {
			for _, it := range its {
				check("label", it.Label)
				check("item tooltip", it.Tooltip)
				check("terminal title", it.Action.Title)
				check("copied fix", it.Action.Text)
				walk(it.Children)
			}
		}
		walk(m.Items)
	}
}

// A fix that cleaning would change is another command: it is not offered
// for copying; a clean one is.
func TestCopyAlteredFix(t *testing.T) {
	item := func(fix string) Item {
		return Item{Label: "x", Enabled: true, Children: []Item{{Label: LabelRowCopy, Enabled: true, Action: Action{Kind: Copy, Text: fix}}}}
	}
	m := clean(Menu{Items: []Item{item("claude setup-token --agent ev\u200bil"), item("claude setup-token --agent main")}}, nil)
	bad, good := m.Items[0].Children[0], m.Items[1].Children[0]
	if bad.Enabled || bad.Action.Kind != None || bad.Tooltip != noCopyTip {
		t.Errorf("altered fix offered: %+v", bad)
	}
	if !good.Enabled || good.Action.Text != "claude setup-token --agent main" {
		t.Errorf("clean fix not offered: %+v", good)
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
	"github.com/authtray/authtray/core/safetext/safetexttest"
	"github.com/authtray/authtray/core/scan"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/internal/syncbuf"
	"github.com/authtray/authtray/tray"
)

// testNow is the clock of the in-process command tests.
var testNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// testEnv is an appEnv on home with env as the whole environment.
func testEnv(home string, env map[string]string) (*appEnv, *syncbuf.Buffer, *syncbuf.Buffer) {
	out, errb := &syncbuf.Buffer{}, &syncbuf.Buffer{}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	e := &appEnv{
		Stdout: out, Stderr: errb,
		Getenv:    func(k string) string { return env[k] },
		LookupEnv: lookup,
		Home:      home,
		FS:        fsys.OS{},
		Now:       func() time.Time { return testNow },
		Zone:      time.UTC,
		User:      "tester",
		Settings:  settings.Defaults(),
		// A settings path that does not exist: defaults.
		SettingsPath: filepath.Join(home, ".config", "authtray", "settings.toml"),
		Secrets:      &redact.Set{},
	}
	return e, out, errb
}

// writeFile writes data at home/rel, making its directories.
func writeFile(t *testing.T, home, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(home, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// fileSafe makes s usable as one path element (no "/", no NUL), keeping
// every other hostile byte.
func fileSafe(s string) string {
	s = strings.NewReplacer("/", "|", "\x00", "\x01").Replace(s)
	if len(s) > 200 {
		s = s[:200]
	}
	if s == "" || s == "." || s == ".." {
		s = "x" + s
	}
	return s
}

// hostileHome writes a HOME whose every field a store can fill holds one
// of texts: Claude Code's email; in an old gateway install (every stored
// profile counts) an agent named after each text, with profiles whose id,
// provider and email hold it; in the current one, agents and models named
// after each, which select profiles named after each.
func hostileHome(t *testing.T, texts []string) string {
	home := t.TempDir()
	expired, soon := testNow.Add(-time.Hour).UnixMilli(), testNow.Add(time.Hour).UnixMilli()
	writeFile(t, home, ".claude/.credentials.json", mustJSON(map[string]any{"claudeAiOauth": map[string]any{
		"accessToken": "sk-ant-oat01-" + strings.Repeat("C", 40), "refreshToken": "sk-ant-ort01-" + strings.Repeat("R", 40),
		"expiresAt": expired, "scopes": []string{"user:inference"}}}))
	writeFile(t, home, ".claude.json", mustJSON(map[string]any{"oauthAccount": map[string]any{"emailAddress": "a" + strings.Join(texts, "") + "@example.com"}}))
	profiles := map[string]any{}
	agents := []any{map[string]any{"id": "main"}}
	var fallbacks []string
	for i, s := range texts {
		store := map[string]any{"version": 1, "profiles": map[string]any{
			"anthropic:" + s: map[string]any{"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-" + strings.Repeat("T", 40), "expires": expired, "email": s},
			s + ":key":       map[string]any{"type": "api_key", "provider": s, "key": "sk-" + strings.Repeat("K", 30)},
			"openai:" + s:    map[string]any{"type": "oauth", "provider": "openai" + s, "access": "A", "expires": soon, "email": "b" + s},
		}}
		writeFile(t, home, fmt.Sprintf(".clawdbot/agents/%d%s/agent/auth-profiles.json", i, fileSafe(s)), mustJSON(store))
		for k, v := range store["profiles"].(map[string]any) {
			profiles[k] = v
		}
		agents = append(agents, map[string]any{"id": fmt.Sprint("w", i, s), "model": "anthropic/" + s})
		fallbacks = append(fallbacks, s+"/m")
	}
	writeFile(t, home, ".openclaw/openclaw.json", mustJSON(map[string]any{"agents": map[string]any{
		"list":     agents,
		"defaults": map[string]any{"model": map[string]any{"primary": "anthropic/claude" + texts[0], "fallbacks": fallbacks}}}}))
	writeFile(t, home, ".openclaw/agents/main/agent/auth-profiles.json", mustJSON(map[string]any{"version": 1, "profiles": profiles}))
	return home
}

// hostileBatches are safetexttest's texts in groups, one HOME each.
func hostileBatches() [][]string {
	all := safetexttest.Strings()
	var out [][]string
	for len(all) > 0 {
		n := min(len(all), 40)
		out = append(out, all[:n])
		all = all[n:]
	}
	return out
}

// TestHostileTextAtEverySink: with every field of every store holding
// escape sequences (OSC 52, OSC 0, CSI, C1), CR, NUL, bidi overrides and
// isolates, zero-width characters, markup and very long texts, nothing a
// terminal or a JSON consumer's terminal would act on reaches the status
// table, status --json, watch --json, standard error, a tray label or a
// notification.
func TestHostileTextAtEverySink(t *testing.T) {
	for i, texts := range hostileBatches() {
		home := hostileHome(t, texts)
		env, out, errb := testEnv(home, map[string]string{"HOME": home})
		ctx := context.Background()

		run(ctx, []string{"status"}, env)
		checkLines(t, fmt.Sprint("batch ", i, ": status table"), out.String())
		if !strings.Contains(out.String(), "Problems:") {
			t.Fatalf("batch %d: the table shows no problems; the HOME was not read:\n%s", i, out.String())
		}
		out.Reset()
		run(ctx, []string{"status", "--json"}, env)
		checkJSON(t, fmt.Sprint("batch ", i, ": status --json"), out.String())
		out.Reset()
		checkJSON(t, fmt.Sprint("batch ", i, ": watch --json"), firstWatchLine(t, env, out))
		checkLines(t, fmt.Sprint("batch ", i, ": stderr"), errb.String())

		snap := scan.Scan(ctx, env.ScanInput())
		m := tray.Build(snap, tray.Options{Zone: time.UTC, Home: home, Secrets: env.Secrets, Clipboard: "xclip"})
		checkMenu(t, fmt.Sprint("batch ", i, ": tray"), m)
		for _, n := range notifications(snap, env) {
			if u := safetexttest.Unsafe(n); u != "" {
				t.Fatalf("batch %d: notification %q keeps %s", i, n, u)
			}
		}
	}
}

// checkLines fails on the first line of text holding anything unsafe.
func checkLines(t *testing.T, what, text string) {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if u := safetexttest.Unsafe(l); u != "" {
			t.Fatalf("%s: line %q keeps %s", what, l, u)
		}
		if len(l) > 8*safetext.MaxField {
			t.Fatalf("%s: a line of %d bytes", what, len(l))
		}
	}
}

// checkJSON fails on the first string in the JSON document doc (its keys
// and values) holding anything unsafe.
func checkJSON(t *testing.T, what, doc string) {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("%s: %v\n%.300s", what, err, doc)
	}
	safetext.Walk(v, func(s string) string {
		if u := safetexttest.Unsafe(s); u != "" {
			t.Fatalf("%s: string %q keeps %s", what, s, u)
		}
		return s
	})
}

// checkMenu fails on the first text the menu shows (labels, tooltips, the
// title, a terminal's title, a copied fix) holding anything unsafe. The
// actions' argv and paths are run and opened, not shown.
func checkMenu(t *testing.T, what string, m tray.Menu) {
	t.Helper()
	check := func(s string) {
		if u := safetexttest.Unsafe(s); u != "" {
			t.Fatalf("%s: %q keeps %s", what, s, u)
		}
	}
	check(m.Tooltip)
	check(m.Title)
	var items func([]tray.Item)
	items = func(its []tray.Item) {
		for _, it := range its {
			for _, s := range []string{it.Label, it.Tooltip, it.Action.Title, it.Action.Text} {
				check(s)
			}
			items(it.Children)
		}
	}
	items(m.Items)
}

// firstWatchLine runs watch --json until it prints its first snapshot.
func firstWatchLine(t *testing.T, env *appEnv, out *syncbuf.Buffer) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { run(ctx, []string{"watch", "--json"}, env); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if line, _, ok := strings.Cut(out.String(), "\n"); ok {
			return line
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("watch printed no snapshot in 20 s")
	return ""
}

// notifications are the summaries and bodies the tray's alerter sends for
// snap, through the sender the tray uses.
func notifications(snap profile.Snapshot, env *appEnv) []string {
	var got fakeSender
	a := alert.New(alert.Config{Sender: maskedSender{&got, env.Secrets}, Store: &memStore{}, Now: env.Now, Zone: time.UTC})
	a.Update(snap)
	return got.texts
}

type fakeSender struct{ texts []string }

func (f *fakeSender) Send(m alert.Message) error {
	f.texts = append(f.texts, m.Summary, m.Body)
	return nil
}

type memStore struct{ b []byte }

func (m *memStore) Load() ([]byte, error) { return m.b, nil }
func (m *memStore) Save(b []byte) error   { m.b = b; return nil }

// TestAlteredFixDropped: a fix is a command; one naming an agent whose name
// holds characters cleaning removes would, cleaned, name another agent, so
// it is not shown at all (table and JSON), while a plain agent's fix is.
func TestAlteredFixDropped(t *testing.T) {
	home := t.TempDir()
	expired := testNow.Add(-time.Hour).UnixMilli()
	store := mustJSON(map[string]any{"version": 1, "profiles": map[string]any{
		"anthropic:manual": map[string]any{"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-" + strings.Repeat("T", 40), "expires": expired}}})
	writeFile(t, home, ".clawdbot/agents/plain/agent/auth-profiles.json", store)
	writeFile(t, home, ".clawdbot/agents/ev\u200bil\x1b]0;t\x07/agent/auth-profiles.json", store)
	env, out, _ := testEnv(home, map[string]string{"HOME": home})
	run(context.Background(), []string{"status", "--json"}, env)
	var snap profile.Snapshot
	if err := json.Unmarshal([]byte(out.String()), &snap); err != nil {
		t.Fatal(err)
	}
	fixes := map[string]string{}
	for _, p := range snap.Profiles {
		if p.ID == "anthropic:manual" {
			fixes[p.Agent] = p.Fix + fmt.Sprint(p.FixArgs)
		}
	}
	if len(fixes) != 2 || fixes["evil"] != "[]" || !strings.Contains(fixes["plain"], "--agent plain") {
		t.Errorf("fixes by agent: %q", fixes)
	}
	out.Reset()
	run(context.Background(), []string{"status"}, env)
	if n := strings.Count(out.String(), "fix: "); n != 1 || strings.Contains(out.String(), "--agent evil") {
		t.Errorf("%d fix lines:\n%s", n, out.String())
	}
}

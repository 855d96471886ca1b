package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/scan"
	"github.com/authtray/authtray/tray"
)

// substToken is a credential that a config substitution (${VAR}) put into
// identifiers: a model name, an agentDir, a profile id, an email.
const substToken = "sk-ant-api03-SUBSTaaaaBBBBccccDDDDeeeeFFFFggggHHHH0099"

// substHome is a HOME where substToken stands in a model name, an agentDir
// (so in every store path of that agent), a profile id and an email, as
// the gateway's ${VAR} substitution leaves them.
func substHome(t *testing.T) string {
	home := t.TempDir()
	dir := filepath.Join(home, "dirs", substToken)
	writeFile(t, home, ".openclaw/openclaw.json", mustJSON(map[string]any{"agents": map[string]any{
		"list": []any{
			map[string]any{"id": "main"},
			map[string]any{"id": "work", "agentDir": dir, "model": "anthropic/claude-" + substToken},
		},
		"defaults": map[string]any{"model": map[string]any{"primary": "anthropic/" + substToken}}}}))
	expired := testNow.Add(-time.Hour).UnixMilli()
	store := map[string]any{"version": 1, "profiles": map[string]any{
		"anthropic:" + substToken: map[string]any{"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-" + strings.Repeat("T", 40), "expires": expired, "email": "me+" + substToken + "@example.com"},
		"anthropic:plain":         map[string]any{"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-" + strings.Repeat("P", 40), "expires": expired, "email": substToken},
	}}
	writeFile(t, home, ".openclaw/agents/main/agent/auth-profiles.json", mustJSON(store))
	writeFile(t, home, "dirs/"+substToken+"/auth-profiles.json", mustJSON(store))
	writeFile(t, home, "dirs/"+substToken+"/broken/auth-profiles.json", []byte("{"+substToken))
	return home
}

// TestSecretSetMasksEveryOutput: once a reader has added a value to the
// process's secret set (as the gateway's reader does for a substituted
// variable), no output prints a byte of it, in any case (the gateway
// lower-cases an agent id): the table, JSON and NDJSON,
// --check, standard error (log lines and error sentences), the tray's
// labels and copied fixes, and notifications.
func TestSecretSetMasksEveryOutput(t *testing.T) {
	home := substHome(t)
	env, out, errb := testEnv(home, map[string]string{"HOME": home})
	env.Secrets.Add(substToken) // what the readers add (core/redact)
	ctx := context.Background()
	var outputs []string
	for _, args := range [][]string{
		{"status"}, {"status", "--json"}, {"status", "--check"}, {"status", "--json", "--agent", "work"},
		{"status", "--warn", "400d"}, {"status", substToken}, {"status", "--warn", substToken},
		{"status", "--agent", substToken}, {substToken},
	} {
		out.Reset()
		errb.Reset()
		run(ctx, args, env)
		outputs = append(outputs, fmt.Sprint(len(args), " args, stdout: ", out.String()), fmt.Sprint(len(args), " args, stderr: ", errb.String()))
	}
	if !strings.Contains(outputs[0], "[secret]") {
		t.Fatalf("the table shows no masked value; the HOME did not put the token anywhere:\n%s", outputs[0])
	}
	out.Reset()
	outputs = append(outputs, "watch: "+firstWatchLine(t, env, out))
	fmt.Fprintf(env.Stderr, "authtray: a log line naming %s\n", substToken)
	outputs = append(outputs, "log: "+errb.String())

	snap := scan.Scan(ctx, env.ScanInput())
	m := tray.Build(snap, tray.Options{Zone: time.UTC, Home: home, Secrets: env.Secrets, Clipboard: "xclip"})
	checkMenu(t, "menu", m) // what it shows is clean …
	var shown []string
	var items func([]tray.Item)
	items = func(its []tray.Item) {
		for _, it := range its {
			shown = append(shown, it.Label, it.Tooltip, it.Action.Title, it.Action.Text)
			items(it.Children)
		}
	}
	items(m.Items)
	outputs = append(outputs, "menu: "+m.Tooltip+m.Title+strings.Join(shown, "|")) // … and masked
	errb.Reset()
	fmt.Fprint(env.Stderr, m.String()) // the AUTHTRAY_DEBUG log of a rebuild
	outputs = append(outputs, "debug log: "+errb.String())
	outputs = append(outputs, notifications(snap, env)...)
	for _, o := range outputs {
		if leak := findLeak(strings.ToLower(o), strings.ToLower(substToken)); leak != "" {
			t.Errorf("%q holds %q, a piece of the secret:\n%s", o[:min(len(o), 40)], leak, o)
		}
	}
}

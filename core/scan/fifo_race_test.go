package scan

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/settings"
)

// TestEveryReaderSurvivesFIFOSwaps swaps every file a scan reads — Claude
// Code's credentials and ~/.claude.json, the gateway's config, its
// $include, .env, gateway.env and live auth-profiles.json, authtray's
// settings — back and forth between the real file and a FIFO, as fast as
// rename allows, while scans run. Every scan must finish: a reader that
// looks at a path and then opens it blocks for good once a FIFO lands in
// between.
func TestEveryReaderSurvivesFIFOSwaps(t *testing.T) {
	if testing.Short() {
		t.Skip("a race of a few seconds")
	}
	home := t.TempDir()
	files := map[string]string{
		".claude/.credentials.json":                      `{"claudeAiOauth":{"accessToken":"sk-ant-oat01-FAKEFAKEFAKEFAKEFAKE","refreshToken":"sk-ant-ort01-FAKEFAKEFAKEFAKEFAKE","expiresAt":1795561200000}}`,
		".claude.json":                                   `{"oauthAccount":{"emailAddress":"a@example.com"}}`,
		".openclaw/openclaw.json":                        `{$include: "./models.json5"}`,
		".openclaw/models.json5":                         `{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}}`,
		".openclaw/.env":                                 "ANTHROPIC_API_KEY=sk-ant-api03-FAKEFAKEFAKEFAKEFAKE\n",
		".config/openclaw/gateway.env":                   "OPENAI_API_KEY=sk-FAKEFAKEFAKEFAKEFAKE\n",
		".openclaw/agents/main/agent/auth-profiles.json": `{"version":1,"profiles":{"anthropic:manual":{"type":"token","provider":"anthropic","token":"sk-ant-oat01-FAKEFAKEFAKEFAKEFAKE0001"}}}`,
		".config/authtray/settings.toml":                 "warn = \"24h\"\n",
	}
	var paths []string
	for rel, content := range files {
		p := filepath.Join(home, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p+".reg", []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p+".fifo", 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(p+".reg", p); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				src := p + ".fifo" // turns alternate: a rename between two links of one file does nothing
				if i%2 == 1 {
					src = p + ".reg"
				}
				os.Remove(p + ".new")
				if os.Link(src, p+".new") == nil {
					os.Rename(p+".new", p)
				}
			}
		}()
	}
	defer func() { stop.Store(true); wg.Wait() }()

	in := Input{Home: home, Getenv: func(string) string { return "" }, FS: fsys.OS{}, Now: benchNow, Zone: time.UTC, Settings: settings.Defaults()}
	settingsPath := filepath.Join(home, ".config/authtray/settings.toml")
	scans := 0
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); scans++ {
		done := make(chan struct{})
		go func() {
			defer close(done)
			Scan(context.Background(), in)
			settings.Load(settingsPath, in.FS.ReadFile)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			stop.Store(true)
			for _, p := range paths { // let the stuck open go
				if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
			}
			t.Fatalf("scan %d blocked", scans)
		}
	}
	t.Logf("%d scans", scans)
}

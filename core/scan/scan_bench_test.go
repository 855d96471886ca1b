package scan

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/internal/benchhome"
)

// The benchmarks scan HOMEs written the way the gateway (openclaw 2026.9.6)
// and Claude Code write them. Each HOME is built once per run and checked
// once (row count, verdict) before it is timed, so a fixture that silently
// stopped being read would fail instead of getting fast.

var benchNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// benchProfiles is benchhome.Profiles at benchNow.
func benchProfiles(agent string, n int, seq *int) (map[string]any, map[string]any) {
	return benchhome.Profiles(agent, n, seq, benchNow)
}

var mustJSON = benchhome.MustJSON

// benchHome describes one fixture HOME.
type benchHome struct {
	agents, perAgent int
	sqlite           bool // current layout: state DB + per-agent DBs
	legacyJSON       bool // per-agent auth-profiles.json
	// want is the number of rows a scan must return, and exit its code.
	want, exit int
}

// build writes the HOME under dir.
func (h benchHome) build(dir string) error {
	return benchhome.Home{Agents: h.agents, PerAgent: h.perAgent, SQLite: h.sqlite, LegacyJSON: h.legacyJSON}.Build(dir, benchNow)
}

func (h benchHome) input(dir string) Input {
	return Input{
		Home:     dir,
		Getenv:   func(string) string { return "" },
		FS:       fsys.OS{},
		Now:      benchNow,
		Zone:     time.UTC,
		Settings: settings.Defaults(),
	}
}

var benchHomes = []struct {
	name string
	home benchHome
}{
	// The typical user: one agent, three stored profiles (plus Claude Code
	// and the .env keys).
	{"typical-1x3", benchHome{agents: 1, perAgent: 3, sqlite: true, want: 1 + 3 + 3 + 2, exit: 0}},
	// The large case, current layout: a shared store and 100 agent
	// databases of 20 profiles each.
	{"sqlite-100x20", benchHome{agents: 100, perAgent: 20, sqlite: true, want: 1 + 20 + 100*20 + 2, exit: 0}},
	// The same agents as an older gateway left them: auth-profiles.json only.
	// The gateway (2026.9.6) refuses such an agent until `openclaw doctor
	// --fix` migrates it, so each agent is one migration row, read from its
	// file, and the check fails (exit 1).
	{"legacy-100x20", benchHome{agents: 100, perAgent: 20, legacyJSON: true, want: 1 + 100 + 2, exit: 1}},
	// Both: a state DB with a leftover auth-profiles.json in every agent dir.
	// Each agent's own DB holds its profiles, so the gateway ignores the
	// files (hasMigratedAuthProfileCredentials): no migration rows.
	{"mixed-100x20", benchHome{agents: 100, perAgent: 20, sqlite: true, legacyJSON: true, want: 1 + 20 + 100*20 + 2, exit: 0}},
}

// BenchmarkScan times one whole scan (every source, judged) per op.
func BenchmarkScan(b *testing.B) {
	root := b.TempDir()
	for i, c := range benchHomes {
		var once sync.Once
		var buildErr error
		dir := filepath.Join(root, fmt.Sprint(i))
		b.Run(c.name, func(b *testing.B) {
			once.Do(func() {
				if buildErr = c.home.build(dir); buildErr == nil {
					buildErr = checkScan(dir, c.home)
				}
			})
			if buildErr != nil {
				b.Fatal(buildErr)
			}
			in := c.home.input(dir)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				Scan(ctx, in)
			}
		})
	}
}

// checkScan proves the fixture is read as meant before it is timed.
func checkScan(dir string, h benchHome) error {
	s := Scan(context.Background(), h.input(dir))
	if len(s.Profiles) != h.want || profile.ExitCode(s.Status) != h.exit {
		var lines []string
		for _, p := range s.Profiles {
			if p.State == profile.Error {
				lines = append(lines, p.ID+": "+p.Message)
			}
		}
		return fmt.Errorf("scan of %s: %d rows, exit %d; want %d rows, exit %d\n%s", dir, len(s.Profiles), profile.ExitCode(s.Status), h.want, h.exit, strings.Join(lines, "\n"))
	}
	return nil
}

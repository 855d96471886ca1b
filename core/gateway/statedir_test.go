package gateway

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestStateDirs: which state dir is live depends on the gateway installed
// (chooseLive): the current one reads the dir it picks, an older CLI its
// own, and with none found an older-format dir is unconfirmed.
func TestStateDirs(t *testing.T) {
	legacy := func(hm *home, dir string) {
		hm.write(dir+"/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:default": tokenCred("anthropic", fakeToken(1), ms(time.Hour))}))
	}
	current := func(hm *home) { hm.config(sonnet) }
	tests := []struct {
		name  string
		cli   string // the program installed ("" none)
		build func(hm *home)
		// want lists "<dir relative to HOME>:live" or ":shelved" in order,
		// ":missing" for a dir that does not exist, ":unconfirmed".
		want []string
	}{
		{"openclaw's own files are live whatever is installed", "", current, []string{".openclaw:live"}},
		{"an empty dir is nobody's", "", func(hm *home) { os.MkdirAll(hm.path(".openclaw"), 0o700) }, []string{".openclaw:shelved"}},
		{"an empty dir under openclaw is its own", cliOpenClaw, func(hm *home) { os.MkdirAll(hm.path(".openclaw"), 0o700) }, []string{".openclaw:live"}},
		{"clawdbot only, openclaw installed: the gateway's pick", cliOpenClaw, func(hm *home) { legacy(hm, ".clawdbot") }, []string{".clawdbot:live"}},
		{"clawdbot only, clawdbot installed: its own", cliClawdbot, func(hm *home) { legacy(hm, ".clawdbot") }, []string{".clawdbot:live"}},
		{"clawdbot only, moltbot installed: it reads an empty ~/.moltbot", cliMoltbot, func(hm *home) { legacy(hm, ".clawdbot") }, []string{".moltbot:live:missing", ".clawdbot:shelved"}},
		{"clawdbot only, none installed", "", func(hm *home) { legacy(hm, ".clawdbot") }, []string{".clawdbot:shelved:unconfirmed"}},
		{"moltbot only, openclaw installed: an empty ~/.openclaw", cliOpenClaw, func(hm *home) { legacy(hm, ".moltbot") }, []string{".openclaw:live:missing", ".moltbot:shelved"}},
		{"moltbot only, clawdbot installed: an empty ~/.clawdbot", cliClawdbot, func(hm *home) { legacy(hm, ".moltbot") }, []string{".clawdbot:live:missing", ".moltbot:shelved"}},
		{"moltbot only, moltbot installed: its own", cliMoltbot, func(hm *home) { legacy(hm, ".moltbot") }, []string{".moltbot:live"}},
		{"moltbot only, none installed", "", func(hm *home) { legacy(hm, ".moltbot") }, []string{".moltbot:shelved:unconfirmed"}},
		{"both, openclaw installed", cliOpenClaw, func(hm *home) { legacy(hm, ".clawdbot"); legacy(hm, ".moltbot") }, []string{".clawdbot:live", ".moltbot:shelved"}},
		{"both, clawdbot installed", cliClawdbot, func(hm *home) { legacy(hm, ".clawdbot"); legacy(hm, ".moltbot") }, []string{".clawdbot:live", ".moltbot:shelved"}},
		{"both, moltbot installed", cliMoltbot, func(hm *home) { legacy(hm, ".clawdbot"); legacy(hm, ".moltbot") }, []string{".clawdbot:shelved", ".moltbot:live"}},
		{"both, none installed", "", func(hm *home) { legacy(hm, ".clawdbot"); legacy(hm, ".moltbot") }, []string{".clawdbot:shelved:unconfirmed", ".moltbot:shelved:unconfirmed"}},
		{"CLAWDBOT_STATE_DIR for an installed clawdbot", cliClawdbot, func(hm *home) {
			legacy(hm, "cb")
			hm.env["CLAWDBOT_STATE_DIR"] = "~/cb"
		}, []string{"cb:live"}},
		{"clawdbot beside openclaw is shelved", "", func(hm *home) {
			current(hm)
			legacy(hm, ".clawdbot")
		}, []string{".openclaw:live", ".clawdbot:shelved"}},
		{"doctor's symlink is read once", "", func(hm *home) {
			current(hm)
			os.Symlink(hm.path(".openclaw"), hm.path(".clawdbot"))
		}, []string{".openclaw:live"}},
		{"OPENCLAW_STATE_DIR with ~", "", func(hm *home) {
			os.MkdirAll(hm.path("custom"), 0o700)
			current(hm)
			hm.env["OPENCLAW_STATE_DIR"] = "~/custom"
		}, []string{"custom:live", ".openclaw:shelved"}},
		{"OPENCLAW_HOME", "", func(hm *home) {
			hm.write("gw/.openclaw/openclaw.json", sonnet)
			hm.env["OPENCLAW_HOME"] = hm.path("gw")
		}, []string{"gw/.openclaw:live"}},
		{"MOLTBOT_STATE_DIR is shown, not read", "", func(hm *home) {
			current(hm)
			os.MkdirAll(hm.path("old"), 0o700)
			hm.env["MOLTBOT_STATE_DIR"] = hm.path("old")
		}, []string{".openclaw:live", "old:shelved"}},
		{"a missing OPENCLAW_STATE_DIR is the gateway's, empty", "", func(hm *home) {
			current(hm)
			hm.env["OPENCLAW_STATE_DIR"] = hm.path("nope")
		}, []string{"nope:live:missing", ".openclaw:shelved"}},
		{"a missing MOLTBOT_STATE_DIR is not listed", "", func(hm *home) {
			current(hm)
			hm.env["MOLTBOT_STATE_DIR"] = hm.path("old")
		}, []string{".openclaw:live"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			tt.build(hm)
			if tt.cli != "" {
				hm.installCLI(tt.cli, "2026.1.24")
			}
			var got []string
			for _, d := range stateDirs(hm.input(), findPrograms(hm.input())) {
				rel, _ := filepath.Rel(hm.dir, d.Path)
				mark := ":shelved"
				if d.Live {
					mark = ":live"
				}
				if d.Missing {
					mark += ":missing"
				}
				if d.Unconfirmed {
					mark += ":unconfirmed"
				}
				got = append(got, rel+mark)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("state dirs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSymlinkLoop(t *testing.T) {
	hm := newHome(t)
	os.Symlink(hm.path(".openclaw"), hm.path(".openclaw"))
	s := hm.read("")
	p, ok := row(s, "state dir")
	if !ok || p.State != profile.Error || !strings.Contains(p.Message, "too many levels of symbolic links") {
		t.Fatalf("row = %+v", p)
	}
}

// tokenHome is a gateway on sonnet whose shared store holds one token,
// anthropic:manual, good for 9000 h: nothing is wrong with it but where
// its state dir is.
func tokenHome(t *testing.T) *home {
	hm := newHome(t)
	hm.config(sonnet)
	hm.shared(storeJSON(map[string]map[string]any{"anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(9000*time.Hour))}), "")
	return hm
}

// TestSettingsDir: an extra state dir from the settings file is shown, not
// judged, unless it is the gateway's own dir.
func TestSettingsDir(t *testing.T) {
	hm := tokenHome(t)
	hm.write("elsewhere/agents/main/agent/auth-profiles.json", storeJSON(map[string]map[string]any{"anthropic:else": tokenCred("anthropic", fakeToken(2), ms(-time.Hour))}))
	in := hm.input()
	in.StateDirs = []string{hm.path("elsewhere"), hm.path(".openclaw")}
	ps := Read(t.Context(), in)
	for _, p := range ps {
		if p.ID == "anthropic:else" && (p.Judged || !strings.Contains(p.Note, "not read by the gateway")) {
			t.Errorf("settings dir row = %+v", p)
		}
		if p.ID == "anthropic:manual" && !p.Judged {
			t.Errorf("the gateway's own row, listed again in settings, is not judged")
		}
	}
}

// TestMissingStateDir: a state dir named explicitly but missing gets its own
// row. OPENCLAW_STATE_DIR (--state-dir) is still the gateway's dir: it runs
// an empty install whose default models have no credential (exit 1), and
// ~/.openclaw is not read. A settings entry is shown, not judged.
func TestMissingStateDir(t *testing.T) {
	t.Run("OPENCLAW_STATE_DIR", func(t *testing.T) {
		hm := tokenHome(t)
		hm.env["OPENCLAW_STATE_DIR"] = hm.path("nope")
		s := hm.read("")
		p, ok := row(s, "state dir")
		if !ok || p.State != profile.Missing || !p.Judged || p.Message != "Gateway state dir ~/nope does not exist" {
			t.Errorf("state dir row = %+v", p)
		}
		if p, ok := row(s, "openai (no credential)"); !ok || !p.Judged || p.State != profile.Missing {
			t.Errorf("default model row = %+v", p)
		}
		if p, _ := row(s, "anthropic:manual"); p.Judged {
			t.Errorf("~/.openclaw is judged: %+v", p)
		}
		if profile.ExitCode(s.Status) != 1 {
			t.Errorf("exit = %d, want 1 as the gateway", profile.ExitCode(s.Status))
		}
	})
	t.Run("empty OPENCLAW_STATE_DIR", func(t *testing.T) {
		hm := tokenHome(t)
		os.MkdirAll(hm.path("empty"), 0o700)
		hm.env["OPENCLAW_STATE_DIR"] = hm.path("empty")
		s := hm.read("")
		if _, ok := row(s, "state dir"); ok {
			t.Errorf("an existing dir has a missing-dir row")
		}
		if p, ok := row(s, "openai (no credential)"); !ok || !p.Judged {
			t.Errorf("default model row = %+v", p)
		}
		if profile.ExitCode(s.Status) != 1 {
			t.Errorf("exit = %d, want 1 as the gateway", profile.ExitCode(s.Status))
		}
	})
	t.Run("settings", func(t *testing.T) {
		hm := tokenHome(t)
		in := hm.input()
		in.StateDirs = []string{"~/typo"}
		s := profile.Snapshot{Profiles: Read(t.Context(), in)}
		s.Finish(profile.Policy{Now: now, Zone: time.UTC})
		p, ok := row(s, "state dir")
		if !ok || p.State != profile.Missing || p.Judged || p.Message != "Gateway state dir ~/typo does not exist" {
			t.Errorf("state dir row = %+v", p)
		}
		if p, _ := row(s, "anthropic:manual"); !p.Judged {
			t.Errorf("~/.openclaw is not judged: %+v", p)
		}
		if profile.ExitCode(s.Status) != 0 {
			t.Errorf("exit = %d, want 0", profile.ExitCode(s.Status))
		}
	})
}

func TestWatches(t *testing.T) {
	hm := newHome(t)
	work := hm.path("w/agent")
	hm.config(`{$include: "./models.json5", agents: {entries: {main: {}, work: {agentDir: "` + work + `"}}}}`)
	os.WriteFile(hm.path(".openclaw/models.json5"), []byte(`{}`), 0o600)
	os.MkdirAll(work, 0o700)
	ws := Watches(hm.input())
	// matters reports whether a change to rel (under the home) is noticed.
	matters := func(rel string) bool {
		p := hm.path(rel)
		for _, w := range ws {
			if w.Dir == filepath.Dir(p) && w.Matches(filepath.Base(p)) {
				return true
			}
		}
		return false
	}
	for _, rel := range []string{
		".openclaw/openclaw.json", ".openclaw/openclaw.json.tmp-1", ".openclaw/.env", ".openclaw/models.json5",
		".openclaw/state/openclaw.sqlite", ".openclaw/state/openclaw.sqlite-wal",
		".openclaw/agents/new", ".openclaw/agents/main/agent/openclaw-agent.sqlite",
		".openclaw/agents/main/agent/auth-profiles.json", "w/agent/openclaw-agent.sqlite",
		".config/openclaw/gateway.env",
	} {
		if !matters(rel) {
			t.Errorf("a change to %s goes unnoticed", rel)
		}
	}
	for _, rel := range []string{".openclaw/logs", ".openclaw/agents/main/sessions", ".openclaw/state/other.db", ".openclaw/agents/main/agent/models.json", ".bash_history"} {
		if matters(rel) {
			t.Errorf("a change to %s causes a scan", rel)
		}
	}
}

// TestEnvFiles follows resolveGlobalDotEnvPaths: gateway.env is read unless
// OPENCLAW_STATE_DIR is set (even to "") and the state .env is not
// ~/.openclaw/.env.
func TestEnvFiles(t *testing.T) {
	const gw = "/h/.config/openclaw/gateway.env"
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"defaults", nil, []string{"/h/.openclaw/.env", gw}},
		{"state dir elsewhere", map[string]string{"OPENCLAW_STATE_DIR": "/s"}, []string{"/s/.env"}},
		{"state dir is ~/.openclaw", map[string]string{"OPENCLAW_STATE_DIR": "~/.openclaw/"}, []string{"/h/.openclaw/.env", gw}},
		{"config path alone keeps gateway.env", map[string]string{"OPENCLAW_CONFIG_PATH": "/c/openclaw.json"}, []string{"/c/.env", gw}},
		{"empty state dir with a config path elsewhere", map[string]string{"OPENCLAW_STATE_DIR": "", "OPENCLAW_CONFIG_PATH": "/c/openclaw.json"}, []string{"/c/.env"}},
		{"empty state dir alone", map[string]string{"OPENCLAW_STATE_DIR": ""}, []string{"/h/.openclaw/.env", gw}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Home: "/h", Getenv: func(k string) string { return tt.env[k] }, LookupEnv: func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }}
			if got := envFiles(in); !slices.Equal(got, tt.want) {
				t.Errorf("envFiles = %v, want %v", got, tt.want)
			}
		})
	}
}

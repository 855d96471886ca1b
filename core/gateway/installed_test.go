package gateway

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

// TestFindPrograms: each place a gateway program is found from, without
// running it, traced to the name and version in its package.json.
func TestFindPrograms(t *testing.T) {
	pkg := func(hm *home, dir, name, version string) string {
		hm.write(dir+"/package.json", `{"name":"`+name+`","version":"`+version+`"}`)
		return hm.path(dir)
	}
	exe := func(hm *home, rel, content string) string {
		p := hm.write(rel, content)
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name  string
		build func(hm *home)
		want  string // "name version via-prefix", "" for nothing found
	}{
		{"npm's bin link on PATH", func(hm *home) { hm.installCLI(cliOpenClaw, "2026.9.6") }, "openclaw 2026.9.6 PATH: "},
		{"a shim script on PATH naming the package", func(hm *home) {
			pkg(hm, "pnpm/global/5/node_modules/clawdbot", cliClawdbot, "2026.1.24")
			exe(hm, "shims/clawdbot", "#!/bin/sh\nexec node \""+hm.path("pnpm/global/5/node_modules/clawdbot")+"/dist/entry.js\" \"$@\"\n")
			hm.env["PATH"] = hm.path("shims")
		}, "clawdbot 2026.1.24 PATH: "},
		{"not executable: not a program", func(hm *home) {
			pkg(hm, "npm/lib/node_modules/openclaw", cliOpenClaw, "2026.9.6")
			hm.write("npm/lib/node_modules/openclaw/openclaw.mjs", "")
			os.MkdirAll(hm.path("npm/bin"), 0o755)
			os.Symlink("../lib/node_modules/openclaw/openclaw.mjs", hm.path("npm/bin/openclaw"))
			hm.env["PATH"] = hm.path("npm/bin")
		}, ""},
		{"a relative PATH entry is not searched", func(hm *home) {
			hm.installCLI(cliOpenClaw, "2026.9.6")
			rel, _ := filepath.Rel("/", hm.path("npm/bin"))
			hm.env["PATH"] = rel
		}, ""},
		{"another package of that name is not the gateway", func(hm *home) {
			pkg(hm, "x/lib/node_modules/openclaw", "openclaw-fork", "1.0.0")
			exe(hm, "x/lib/node_modules/openclaw/cli.js", "")
			os.MkdirAll(hm.path("x/bin"), 0o755)
			os.Symlink("../lib/node_modules/openclaw/cli.js", hm.path("x/bin/openclaw"))
			hm.env["PATH"] = hm.path("x/bin")
		}, ""},
		{"NPM_CONFIG_PREFIX", func(hm *home) {
			pkg(hm, "pfx/lib/node_modules/moltbot", cliMoltbot, "2026.2.1")
			hm.env["NPM_CONFIG_PREFIX"] = hm.path("pfx")
		}, "moltbot 2026.2.1 npm prefix "},
		{"npm_config_prefix with ~", func(hm *home) {
			pkg(hm, "pfx/lib/node_modules/openclaw", cliOpenClaw, "2026.9.6")
			hm.env["npm_config_prefix"] = "~/pfx"
		}, "openclaw 2026.9.6 npm prefix "},
		{"~/.npmrc prefix=", func(hm *home) {
			pkg(hm, ".npm-packages/lib/node_modules/clawdbot", cliClawdbot, "2026.1.24")
			hm.write(".npmrc", "registry=https://registry.npmjs.org/\nprefix = \"~/.npm-packages\"\n")
		}, "clawdbot 2026.1.24 npm prefix "},
		{"npm's default prefix, above node on PATH", func(hm *home) {
			exe(hm, "node22/bin/node", "")
			pkg(hm, "node22/lib/node_modules/openclaw", cliOpenClaw, "2026.9.6")
			hm.env["PATH"] = hm.path("node22/bin")
		}, "openclaw 2026.9.6 npm prefix "},
		{"an nvm version", func(hm *home) {
			pkg(hm, ".nvm/versions/node/v24.1.0/lib/node_modules/openclaw", cliOpenClaw, "2026.9.6")
		}, "openclaw 2026.9.6 npm prefix "},
		{"~/.npm-global", func(hm *home) {
			pkg(hm, ".npm-global/lib/node_modules/clawdbot", cliClawdbot, "2026.1.24")
		}, "clawdbot 2026.1.24 npm prefix "},
		{"the clawdbot systemd user unit (quoted, with spaces)", func(hm *home) {
			pkg(hm, "my apps/lib/node_modules/clawdbot", cliClawdbot, "2026.1.24")
			hm.write("my apps/lib/node_modules/clawdbot/dist/entry.js", "")
			hm.write(".config/systemd/user/clawdbot-gateway.service", "[Unit]\nDescription=Clawdbot Gateway\n\n[Service]\nExecStart=/usr/bin/node \""+
				hm.path("my apps/lib/node_modules/clawdbot/dist/entry.js")+"\" gateway --port 18789\nRestart=always\n")
		}, "clawdbot 2026.1.24 systemd unit "},
		{"a profile's openclaw unit", func(hm *home) {
			pkg(hm, "o/node_modules/openclaw", cliOpenClaw, "2026.9.6")
			hm.write("o/node_modules/openclaw/dist/index.js", "")
			hm.write(".config/systemd/user/openclaw-gateway-work.service", "[Service]\nExecStart="+hm.path("o/node_modules/openclaw/dist/index.js")+" gateway\n")
		}, "openclaw 2026.9.6 systemd unit "},
		{"another service's unit is not read", func(hm *home) {
			pkg(hm, "o/node_modules/openclaw", cliOpenClaw, "2026.9.6")
			hm.write("o/node_modules/openclaw/dist/index.js", "")
			hm.write(".config/systemd/user/other.service", "[Service]\nExecStart="+hm.path("o/node_modules/openclaw/dist/index.js")+"\n")
		}, ""},
		{"the launchd agent", func(hm *home) {
			pkg(hm, "brew/lib/node_modules/openclaw", cliOpenClaw, "2026.9.6")
			hm.write("brew/lib/node_modules/openclaw/dist/index.js", "")
			hm.write("Library/LaunchAgents/ai.openclaw.gateway.plist", `<?xml version="1.0"?><plist><dict><key>Label</key><string>ai.openclaw.gateway</string>
<key>ProgramArguments</key><array><string>/opt/homebrew/bin/node</string><string>`+hm.path("brew/lib/node_modules/openclaw/dist/index.js")+`</string><string>gateway</string></array></dict></plist>`)
		}, "openclaw 2026.9.6 launchd agent "},
		{"a version that is not one is left out", func(hm *home) {
			pkg(hm, ".npm-global/lib/node_modules/clawdbot", cliClawdbot, "1.0\u202e<script>")
		}, "clawdbot  npm prefix "},
		{"nothing", func(hm *home) {}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			tt.build(hm)
			got := findPrograms(hm.input())
			if tt.want == "" {
				if len(got) > 0 {
					t.Fatalf("found %v, want nothing", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("found %v, want one program", got)
			}
			if s := got[0].Name + " " + got[0].Version + " " + got[0].Via; !strings.HasPrefix(s, tt.want) {
				t.Errorf("found %q, want %q…", s, tt.want)
			}
		})
	}
}

// TestOlderProgram: the current gateway outranks older CLIs found beside
// it; moltbot outranks clawdbot.
func TestOlderProgram(t *testing.T) {
	ps := installed{{Name: cliClawdbot}, {Name: cliMoltbot}}
	if p, ok := ps.older(); !ok || p.Name != cliMoltbot {
		t.Errorf("older = %v", p)
	}
	ps = append(ps, program{Name: cliOpenClaw})
	if _, ok := ps.older(); ok {
		t.Errorf("an older CLI counts beside openclaw")
	}
}

// TestInPrefixes: the platform's prefixes (an app started without the
// user's PATH) are searched too.
func TestInPrefixes(t *testing.T) {
	f := fsys.Fake{Files: map[string]string{"/opt/homebrew/lib/node_modules/openclaw/package.json": `{"name":"openclaw","version":"2026.9.6"}`}}
	in := Input{Home: "/h", Getenv: func(string) string { return "" }, FS: f, Prefixes: []string{"/opt/homebrew"}}
	if p, ok := findPrograms(in).current(); !ok || p.Version != "2026.9.6" {
		t.Errorf("current = %v, %v", p, ok)
	}
}

package gateway

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/internal/lazyregexp"
)

// Which gateway is installed decides how an older state dir is read: the
// current gateway refuses ~/.clawdbot until `openclaw doctor --fix`
// migrates it and ignores ~/.moltbot, while an older CLI reads its own dir
// as the live store. authtray finds the installed programs without running
// any of them: the executables on PATH, the npm global prefixes, and the
// gateway's own service unit, each traced to its package.json.

// Package names of the gateway over its eras, newest first.
const (
	cliOpenClaw = "openclaw"
	cliMoltbot  = "moltbot"
	cliClawdbot = "clawdbot"
)

var gatewayPackages = []string{cliOpenClaw, cliMoltbot, cliClawdbot}

// program is one gateway CLI found installed.
type program struct {
	Name    string // package name: openclaw, moltbot, clawdbot
	Version string // its package.json version ("" when unreadable)
	Dir     string // the package dir (package.json, dist/)
	Via     string // how it was found: "PATH", "npm prefix /usr", "systemd unit …"
}

// String names the program for a sentence: "openclaw 2026.9.6 (PATH)".
func (p program) String() string {
	s := p.Name
	if p.Version != "" {
		s += " " + p.Version
	}
	return s + " (" + p.Via + ")"
}

// installed is every gateway program found on this machine.
type installed []program

// find returns the first program of that package name.
func (ps installed) find(name string) (program, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return program{}, false
}

// current is the current gateway (openclaw), when installed.
func (ps installed) current() (program, bool) { return ps.find(cliOpenClaw) }

// older is the only older CLI installed when no current gateway is: the
// newest of moltbot and clawdbot found.
func (ps installed) older() (program, bool) {
	if _, ok := ps.current(); ok {
		return program{}, false
	}
	if p, ok := ps.find(cliMoltbot); ok {
		return p, true
	}
	return ps.find(cliClawdbot)
}

// findPrograms looks for every gateway program: on PATH, in the npm global
// prefixes, in the gateway's systemd user units and launchd agents. Each
// package dir is listed once, at the first place it was found.
func findPrograms(in Input) installed {
	var out installed
	seen := map[string]bool{}
	add := func(p program, ok bool) {
		if ok && !seen[p.Dir] {
			seen[p.Dir] = true
			out = append(out, p)
		}
	}
	for _, name := range gatewayPackages {
		if exe := lookPath(in, name); exe != "" {
			p, ok := packageOf(in.FS, exe)
			p.Via = "PATH: " + exe
			add(p, ok)
		}
	}
	for _, prefix := range npmPrefixes(in) {
		for _, name := range gatewayPackages {
			dir := filepath.Join(prefix, "lib", "node_modules", name)
			p, ok := readPackage(in.FS, dir)
			p.Via = "npm prefix " + prefix
			add(p, ok && p.Name == name)
		}
	}
	for _, u := range serviceUnits(in) {
		for _, arg := range u.args {
			p, ok := packageOf(in.FS, arg)
			p.Via = u.kind + " " + u.path
			add(p, ok)
		}
	}
	return out
}

// lookPath finds name in the PATH directories as a shell would: the first
// regular file with an execute bit.
func lookPath(in Input, name string) string {
	for _, dir := range filepath.SplitList(in.Getenv("PATH")) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue // a relative PATH entry depends on the working dir
		}
		p := filepath.Join(dir, name)
		if fi, err := in.FS.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// packageOf traces an executable or script path to the gateway package it
// belongs to: the package.json above its real path (npm links bin/openclaw
// to lib/node_modules/openclaw/openclaw.mjs), else a package a small shim
// script names ("…/node_modules/openclaw/…").
func packageOf(f fsys.FS, path string) (program, bool) {
	if !filepath.IsAbs(path) {
		return program{}, false
	}
	real, err := realPath(f, path)
	if err != nil {
		return program{}, false
	}
	for dir, i := filepath.Dir(real), 0; i < 6 && dir != filepath.Dir(dir); dir, i = filepath.Dir(dir), i+1 {
		if p, ok := readPackage(f, dir); ok {
			return p, true
		}
	}
	if fi, err := f.Stat(real); err != nil || !fi.Mode().IsRegular() || fi.Size() > 64<<10 {
		return program{}, false
	}
	data, err := f.ReadFile(real)
	if err != nil {
		return program{}, false
	}
	for _, m := range shimTarget.FindAllStringSubmatch(string(data), -1) {
		if p, ok := readPackage(f, m[1]); ok {
			return p, true
		}
	}
	return program{}, false
}

// shimTarget finds an absolute package dir in a shim script (pnpm, volta,
// a hand-written wrapper): "/…/node_modules/openclaw".
var shimTarget = lazyregexp.New(`(/[^\s"'$:]*?/node_modules/(?:openclaw|moltbot|clawdbot))(?:/|["'\s]|$)`)

// readPackage reads dir/package.json when it names a gateway package.
func readPackage(f fsys.FS, dir string) (program, bool) {
	data, err := f.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return program{}, false
	}
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return program{}, false
	}
	for _, name := range gatewayPackages {
		if pkg.Name == name {
			return program{Name: name, Version: cleanVersion(pkg.Version), Dir: dir}, true
		}
	}
	return program{}, false
}

var versionText = mustBounded(`^[0-9A-Za-z.+-]+$`, 40)

// cleanVersion keeps a version only when it looks like one: it is printed.
func cleanVersion(v string) string {
	if versionText.MatchString(v) {
		return v
	}
	return ""
}

// npmPrefixes are the npm global prefixes to look in, as npm picks its
// prefix: $NPM_CONFIG_PREFIX (any case), the prefix= of ~/.npmrc, and the
// default, the directory above the one holding node (each node on PATH);
// then the usual per-user prefixes (~/.npm-global, ~/.local, each nvm
// version) and in.Prefixes, the platform's usual system ones.
func npmPrefixes(in Input) []string {
	var out []string
	for _, v := range []string{"NPM_CONFIG_PREFIX", "npm_config_prefix"} {
		if p := strings.TrimSpace(in.Getenv(v)); p != "" {
			out = append(out, expand(p, in.Home))
		}
	}
	if p := npmrcPrefix(in); p != "" {
		out = append(out, p)
	}
	for _, dir := range filepath.SplitList(in.Getenv("PATH")) {
		if ok, _ := fsys.Lookup(in.FS, filepath.Join(dir, "node")); ok && filepath.IsAbs(dir) {
			out = append(out, filepath.Dir(filepath.Clean(dir)))
		}
	}
	out = append(out, filepath.Join(in.Home, ".npm-global"), filepath.Join(in.Home, ".local"))
	nvm := filepath.Join(in.Home, ".nvm", "versions", "node")
	if entries, err := in.FS.ReadDir(nvm); err == nil {
		for _, e := range entries {
			out = append(out, filepath.Join(nvm, e.Name()))
		}
	}
	return dedupe(append(out, in.Prefixes...))
}

// npmrcPrefix is the prefix= line of ~/.npmrc.
func npmrcPrefix(in Input) string {
	data, err := in.FS.ReadFile(filepath.Join(in.Home, ".npmrc"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && strings.TrimSpace(k) == "prefix" {
			if v = strings.Trim(strings.TrimSpace(v), `"'`); v != "" {
				return expand(v, in.Home)
			}
		}
	}
	return ""
}

// unit is one gateway service definition and the paths its command names.
type unit struct {
	kind, path string
	args       []string
}

// Service unit names of each era: systemd user units
// openclaw-gateway[-<profile>].service (GATEWAY_SYSTEMD_SERVICE_NAME,
// dist/constants-*.mjs), clawdbot-gateway.service (clawdbot 2026.1.24,
// dist/daemon/constants.js), moltbot-gateway.service; launchd agents
// ai.openclaw.* (GATEWAY_LAUNCH_AGENT_LABEL), com.clawdbot.gateway and
// com.steipete.clawdbot.gateway, bot.molt.gateway. The moltbot names follow
// the pattern of the others: no moltbot package could be read to confirm
// them.
var (
	systemdUnit = lazyregexp.New(`^(openclaw-gateway(-[^/]+)?|clawdbot-gateway|moltbot-gateway)\.service$`)
	launchAgent = lazyregexp.New(`^(ai\.openclaw\.[^/]+|com\.clawdbot\.gateway|com\.steipete\.clawdbot\.gateway|bot\.molt\.gateway)\.plist$`)
)

// serviceUnits reads the gateway's systemd user units and launchd agents.
func serviceUnits(in Input) []unit {
	var out []unit
	scan := func(dir, kind string, match *lazyregexp.Regexp, args func([]byte) []string) {
		entries, err := in.FS.ReadDir(dir)
		if err != nil {
			return
		}
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			if match.MatchString(e.Name()) {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, name := range names {
			p := filepath.Join(dir, name)
			if data, err := in.FS.ReadFile(p); err == nil {
				out = append(out, unit{kind: kind, path: p, args: args(data)})
			}
		}
	}
	scan(filepath.Join(in.Home, ".config", "systemd", "user"), "systemd unit", systemdUnit, execStartArgs)
	scan(filepath.Join(in.Home, "Library", "LaunchAgents"), "launchd agent", launchAgent, plistArgs)
	return out
}

// execStartArgs splits the ExecStart= lines of a unit the way the gateway
// writes them (systemdEscapeArg: double quotes, backslash escapes).
func execStartArgs(data []byte) []string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		v, ok := strings.CutPrefix(strings.TrimSpace(line), "ExecStart=")
		if !ok {
			continue
		}
		v = strings.TrimLeft(v, "-@:+!") // systemd's command prefixes
		var cur strings.Builder
		quoted, esc, any := false, false, false
		flush := func() {
			if any {
				out = append(out, cur.String())
			}
			cur.Reset()
			any = false
		}
		for _, r := range v {
			switch {
			case esc:
				cur.WriteRune(r)
				esc, any = false, true
			case r == '\\':
				esc = true
			case r == '"':
				quoted, any = !quoted, true
			case (r == ' ' || r == '\t') && !quoted:
				flush()
			default:
				cur.WriteRune(r)
				any = true
			}
		}
		flush()
	}
	return out
}

var plistString = lazyregexp.New(`<string>([^<]*)</string>`)

// plistArgs are the <string> values of a launchd agent's ProgramArguments.
func plistArgs(data []byte) []string {
	s := string(data)
	i := strings.Index(s, "<key>ProgramArguments</key>")
	if i < 0 {
		return nil
	}
	s = s[i:]
	if end := strings.Index(s, "</array>"); end >= 0 {
		s = s[:end]
	}
	var out []string
	for _, m := range plistString.FindAllStringSubmatch(s, -1) {
		out = append(out, xmlUnescape(m[1]))
	}
	return out
}

func xmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&").Replace(s)
}

// Package packaging holds the files that install authtray (macOS bundle,
// Linux packages, Homebrew templates) and the tests that check them.
package packaging

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/authtray/authtray/internal/golden"
	"github.com/authtray/authtray/internal/need"
	"github.com/authtray/authtray/platform/autostart"
)

// The packaged desktop entries and unit are the generators' output for
// /usr/bin/authtray, so the package and `authtray autostart enable` never
// disagree.
func TestLinuxFilesMatchGenerators(t *testing.T) {
	files := map[string][]byte{
		"linux/authtray.desktop":           autostart.DesktopEntry(autostart.Entry{Exe: "/usr/bin/authtray"}),
		"linux/authtray-autostart.desktop": autostart.DesktopEntry(autostart.Entry{Exe: "/usr/bin/authtray", Autostart: true}),
		"linux/authtray.service":           autostart.SystemdUnit("/usr/bin/authtray", false),
	}
	for name, gen := range files {
		golden.Check(t, name, gen)
		if bytes.Contains(gen, []byte(autostart.Marker)) {
			t.Errorf("packaging/%s carries the user-file marker", name)
		}
	}
}

// toolsDir is where .ci/install-nfpm.sh puts its tools:
// ${AUTHTRAY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/authtray-tools}.
func toolsDir() string {
	if d := os.Getenv("AUTHTRAY_TOOLS"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "authtray-tools")
	}
	return filepath.Join(os.Getenv("HOME"), ".cache", "authtray-tools")
}

// findNfpm is the nfpm that .ci/install-nfpm.sh installed, else one on
// PATH, else "".
func findNfpm() string {
	p := filepath.Join(toolsDir(), "bin", "nfpm")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	p, _ = exec.LookPath("nfpm")
	return p
}

func needNfpm(t *testing.T) string {
	t.Helper()
	if p := findNfpm(); p != "" {
		return p
	}
	return need.Tool(t, "nfpm", ".ci/install-nfpm.sh")
}

// TestDeb builds the .deb, installs it with dpkg, exercises the installed
// binary under a temporary HOME and removes the package again. It changes
// the machine (/usr/bin, /etc/xdg), so it runs only in CI or when asked
// with AUTHTRAY_DEB_TEST=1, as root.
func TestDeb(t *testing.T) {
	if os.Getenv("CI") != "true" && os.Getenv("AUTHTRAY_DEB_TEST") != "1" {
		t.Skip("installs a .deb system-wide; runs with CI=true or AUTHTRAY_DEB_TEST=1 (as root, with dpkg, nfpm and desktop-file-utils)")
	}
	if os.Geteuid() != 0 {
		t.Fatal("TestDeb must run as root (dpkg -i)")
	}
	dpkg := need.Tool(t, "dpkg", "Debian's dpkg")
	validate := need.Tool(t, "desktop-file-validate", "Debian package desktop-file-utils")
	nfpm := needNfpm(t)
	if out, _ := exec.Command("dpkg-query", "-W", "-f=${Status}", "authtray").Output(); len(out) > 0 && !bytes.Contains(out, []byte("not-installed")) {
		t.Fatalf("authtray is already on this machine (%s); remove it first: dpkg -P authtray", out)
	}

	// Build in a scratch dir that mirrors the repo layout nfpm.yaml expects.
	work := t.TempDir()
	repo, _ := filepath.Abs("..")
	for _, f := range []string{"packaging", "LICENSE"} {
		if err := os.Symlink(filepath.Join(repo, f), filepath.Join(work, f)); err != nil {
			t.Fatal(err)
		}
	}
	arch := runtime.GOARCH
	run(t, repo, []string{"CGO_ENABLED=0"}, "go", "build", "-o", filepath.Join(work, "dist", "nfpm-bin", "authtray"), "./cmd/authtray")
	run(t, work, []string{"VERSION=0.0.0-test", "ARCH=" + arch}, nfpm, "pkg", "-f", "packaging/nfpm.yaml", "-p", "deb", "-t", "dist/")
	debs, _ := filepath.Glob(filepath.Join(work, "dist", "*.deb"))
	if len(debs) != 1 {
		t.Fatalf("nfpm made %d .deb files, want 1", len(debs))
	}
	run(t, work, nil, dpkg, "-i", debs[0])
	t.Cleanup(func() {
		// Purge, not remove: the /etc/xdg entry is a conffile and would stay.
		run(t, work, nil, dpkg, "-P", "authtray")
		if _, err := os.Stat("/usr/bin/authtray"); err == nil {
			t.Error("/usr/bin/authtray still there after dpkg -P")
		}
	})

	for f, mode := range map[string]os.FileMode{
		"/usr/bin/authtray":                                   0o755,
		"/usr/share/applications/authtray.desktop":            0o644,
		"/etc/xdg/autostart/authtray.desktop":                 0o644,
		"/usr/lib/systemd/user/authtray.service":              0o644,
		"/usr/share/icons/hicolor/48x48/apps/authtray.png":    0o644,
		"/usr/share/icons/hicolor/scalable/apps/authtray.svg": 0o644,
		"/usr/share/licenses/authtray/LICENSE":                0o644,
		"/usr/lib/systemd/user/authtray-metrics.service":      0o644,
		"/usr/share/authtray/prometheus/authtray.rules.yml":   0o644,
	} {
		if fi, err := os.Stat(f); err != nil {
			t.Errorf("package did not install %s: %v", f, err)
		} else if fi.Mode().Perm() != mode {
			t.Errorf("%s has mode %v, want %v", f, fi.Mode().Perm(), mode)
		}
	}
	for _, f := range []string{"/usr/share/applications/authtray.desktop", "/etc/xdg/autostart/authtray.desktop"} {
		if out, err := exec.Command(validate, f).CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("desktop-file-validate %s: %v\n%s", f, err, out)
		}
	}

	// The installed rules are the ones promtool's unit tests pass on.
	if promtool, err := exec.LookPath("promtool"); err == nil {
		if out, err := exec.Command(promtool, "check", "rules", "/usr/share/authtray/prometheus/authtray.rules.yml").CombinedOutput(); err != nil {
			t.Errorf("promtool check rules on the installed rules: %v\n%s", err, out)
		}
	} else if os.Getenv("CI") == "true" {
		t.Error("promtool not found (Debian package prometheus); CI installs it")
	}

	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8"}

	// status --json: valid JSON; 0/1/2 are all legitimate exit codes.
	cmd := exec.Command("/usr/bin/authtray", "status", "--json")
	cmd.Env = env
	out, err := cmd.Output()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() <= 2) {
		t.Fatalf("authtray status --json: %v", err)
	}
	if !json.Valid(out) {
		t.Errorf("authtray status --json printed invalid JSON:\n%s", out)
	}

	golden := func(name string) string {
		b, err := os.ReadFile(filepath.Join(repo, "platform", "autostart", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	userEntry := filepath.Join(home, ".config", "autostart", "authtray.desktop")
	unit := filepath.Join(home, ".config", "systemd", "user", "authtray.service")
	wants := filepath.Join(home, ".config", "systemd", "user", "graphical-session.target.wants", "authtray.service")
	// enabled reads from disk what a login would start: the user's XDG
	// entry unless hidden, else the package's (when XDG_CONFIG_DIRS finds
	// it); the systemd unit when linked into graphical-session.target.wants.
	enabled := func(extra []string) string {
		var on []string
		if b, err := os.ReadFile(userEntry); err == nil {
			if !bytes.Contains(b, []byte("Hidden=true")) {
				on = append(on, "xdg")
			}
		} else if len(extra) == 0 {
			if _, err := os.Stat("/etc/xdg/autostart/authtray.desktop"); err == nil {
				on = append(on, "xdg")
			}
		}
		if dst, err := os.Readlink(wants); err == nil {
			if _, err := os.Stat(dst); err == nil {
				on = append(on, "systemd")
			}
		}
		return strings.Join(on, ",")
	}
	steps := []struct {
		env       []string
		args      string
		path      string
		want      string // file content after the step; "" means absent
		statusHas string
		on        string // what a login starts afterwards, read from disk
	}{
		// With the package's /etc/xdg entry: on by default, turned off by
		// a Hidden=true override, back on by removing it.
		{nil, "autostart status", userEntry, "", "enabled   /etc/xdg/autostart/authtray.desktop", "xdg"},
		{nil, "autostart disable", userEntry, golden("autostart-hidden.desktop"), "disabled  " + userEntry, ""},
		{nil, "autostart enable", userEntry, "", "enabled   /etc/xdg/autostart/authtray.desktop", "xdg"},
		// Without a system entry (XDG_CONFIG_DIRS elsewhere): a user file.
		{[]string{"XDG_CONFIG_DIRS=" + home + "/none"}, "autostart enable", userEntry, golden("autostart.desktop"), "enabled   " + userEntry, "xdg"},
		{[]string{"XDG_CONFIG_DIRS=" + home + "/none"}, "autostart disable", userEntry, "", "disabled  " + userEntry, ""},
		// systemd replaces the package's XDG entry (hidden by an override
		// once the unit is enabled); here, without a user manager, the
		// unit is linked by hand.
		{nil, "autostart enable --systemd", unit, golden("authtray.service"), "systemd user unit  enabled", "systemd"},
		{nil, "autostart status", userEntry, golden("autostart-hidden.desktop"), "XDG autostart      disabled", "systemd"},
		{nil, "autostart disable --systemd", unit, "", "systemd user unit  disabled", ""},
		{nil, "autostart enable", userEntry, "", "enabled   /etc/xdg/autostart/authtray.desktop", "xdg"},
	}
	for _, s := range steps {
		e := append(append([]string{}, env...), s.env...)
		runEnv(t, e, "/usr/bin/authtray", strings.Fields(s.args)...)
		got, err := os.ReadFile(s.path)
		switch {
		case s.want == "" && err == nil:
			t.Errorf("after %q, %s exists:\n%s", s.args, s.path, got)
		case s.want != "" && string(got) != s.want:
			t.Errorf("after %q, %s = %q (%v), want the golden content:\n%s", s.args, s.path, got, err, s.want)
		}
		if status := runEnv(t, e, "/usr/bin/authtray", "autostart", "status"); !strings.Contains(status, s.statusHas) {
			t.Errorf("after %q, autostart status lacks %q:\n%s", s.args, s.statusHas, status)
		}
		if got := enabled(s.env); got != s.on {
			t.Errorf("after %q, a login would start %q, want %q", s.args, got, s.on)
		}
	}
	if out, err := exec.Command(validate, filepath.Join(repo, "platform", "autostart", "testdata", "autostart-hidden.desktop")).CombinedOutput(); err != nil {
		t.Errorf("desktop-file-validate on the override: %v\n%s", err, out)
	}
}

// TestNfpmModes: every file the packages install has an explicit mode, so
// a checkout under an unusual umask cannot change the packages.
func TestNfpmModes(t *testing.T) {
	b, err := os.ReadFile("nfpm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	entries := strings.Split(string(b), "\n  - src: ")[1:]
	if len(entries) == 0 {
		t.Fatal("no contents in nfpm.yaml")
	}
	for _, e := range entries {
		src, _, _ := strings.Cut(e, "\n")
		want := "mode: 0644"
		if src == "dist/nfpm-bin/authtray" {
			want = "mode: 0755"
		}
		if !strings.Contains(e+"\n", "    file_info:\n      "+want+"\n") {
			t.Errorf("nfpm.yaml: %s has no file_info %s", src, want)
		}
	}
}

// TestRelease runs the release path (make release: every nfpm package for
// amd64 and arm64, the tarballs, SHA256SUMS) in a scratch copy of the repo
// layout, and checks that every artifact is there and SHA256SUMS verifies.
// It runs under CI=true (failing without nfpm) or wherever nfpm is found.
func TestRelease(t *testing.T) {
	nfpm := findNfpm()
	if nfpm == "" {
		if os.Getenv("CI") != "true" {
			t.Skip("nfpm not installed (.ci/install-nfpm.sh); runs with CI=true")
		}
		nfpm = need.Tool(t, "nfpm", ".ci/install-nfpm.sh")
	}
	makeBin := need.Tool(t, "make", "Debian package make")
	for _, tool := range []string{"tar", "sha256sum"} {
		need.Tool(t, tool, "coreutils/tar")
	}
	// A scratch dir whose entries link to the repo's, so dist/ is its own.
	repo, _ := filepath.Abs("..")
	work := t.TempDir()
	ents, err := os.ReadDir(repo)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		switch e.Name() {
		case "dist", "bin", ".git":
			continue
		}
		if err := os.Symlink(filepath.Join(repo, e.Name()), filepath.Join(work, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	const version = "0.0.0-test"
	run(t, work, []string{"NFPM=" + nfpm}, makeBin, "release", "VERSION="+version)

	dist := filepath.Join(work, "dist")
	globs := map[string]int{"*.deb": 2, "*.rpm": 2, "*.apk": 2, "*.pkg.tar.zst": 2}
	for _, arch := range []string{"amd64", "arm64"} {
		globs["authtray-"+version+"-linux-"+arch+".tar.gz"] = 1
	}
	listed := map[string]bool{}
	sums, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		if f := strings.Fields(l); len(f) == 2 {
			listed[f[1]] = true
		}
	}
	for g, n := range globs {
		got, _ := filepath.Glob(filepath.Join(dist, g))
		if len(got) != n {
			t.Errorf("dist/%s: %d files, want %d: %v", g, len(got), n, got)
		}
		for _, f := range got {
			if !listed[filepath.Base(f)] {
				t.Errorf("SHA256SUMS does not list %s", filepath.Base(f))
			}
		}
	}
	cmd := exec.Command("sha256sum", "-c", "SHA256SUMS")
	cmd.Dir = dist
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}
	// A tarball holds the binary, the desktop files and the licence.
	out, err := exec.Command("tar", "-tzf", filepath.Join(dist, "authtray-"+version+"-linux-amd64.tar.gz")).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"/authtray", "/LICENSE", "/share/authtray.desktop", "/share/authtray.service"} {
		if !strings.Contains(string(out), "authtray-"+version+"-linux-amd64"+f+"\n") {
			t.Errorf("tarball lacks %s:\n%s", f, out)
		}
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func runEnv(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

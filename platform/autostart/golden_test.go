package autostart

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/authtray/authtray/internal/golden"
	"github.com/authtray/authtray/internal/need"
)

// A path that needs every kind of quoting.
const oddExe = "/opt/my apps/100%\"auth`$tray\\/authtray"

func TestGoldenFiles(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
	}{
		{"applications.desktop", DesktopEntry(Entry{Exe: "/usr/bin/authtray"})},
		{"autostart.desktop", DesktopEntry(Entry{Exe: "/usr/bin/authtray", Autostart: true, Generated: true})},
		{"autostart-hidden.desktop", DesktopEntry(Entry{Exe: "/usr/bin/authtray", Autostart: true, Hidden: true, Generated: true})},
		{"autostart-odd-path.desktop", DesktopEntry(Entry{Exe: oddExe, Autostart: true, Generated: true})},
		{"authtray.service", SystemdUnit("/usr/bin/authtray", true)},
		{"authtray-odd-path.service", SystemdUnit(oddExe, true)},
		{"io.github.authtray.plist", LaunchAgentPlist("/Applications/authtray.app/Contents/MacOS/authtray")},
		{"io.github.authtray-odd-path.plist", LaunchAgentPlist("/Applications/A & <B>/authtray.app/Contents/MacOS/authtray")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { golden.Check(t, filepath.Join("testdata", tt.name), tt.got) })
	}
}

func TestExecArg(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/usr/bin/authtray", `/usr/bin/authtray`},
		{"", `""`},
		{"/opt/my apps/authtray", `"/opt/my apps/authtray"`},
		{"/opt/100%/authtray", `/opt/100%%/authtray`},
		{"/opt/100% x/authtray", `"/opt/100%% x/authtray"`},
		{`/opt/a"b/authtray`, `"/opt/a\\"b/authtray"`},
		{"/opt/a`b/authtray", "\"/opt/a\\\\`b/authtray\""},
		{"/opt/$HOME/authtray", `"/opt/\\$HOME/authtray"`},
		{`/opt/a\b/authtray`, `"/opt/a\\\\b/authtray"`},
		{"/opt/a'b/authtray", `"/opt/a'b/authtray"`},
		{"/opt/a\nb/authtray", `"/opt/a\nb/authtray"`},
		{"/opt/~user/authtray", `"/opt/~user/authtray"`},
	}
	for _, tt := range tests {
		if got := ExecArg(tt.in); got != tt.want {
			t.Errorf("ExecArg(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestUnitArg(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/usr/bin/authtray", `"/usr/bin/authtray"`},
		{"/opt/my apps/authtray", `"/opt/my apps/authtray"`},
		{`/opt/100%"$x\/authtray`, `"/opt/100%%\"$$x\\/authtray"`},
	}
	for _, tt := range tests {
		if got := unitArg(tt.in); got != tt.want {
			t.Errorf("unitArg(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestDesktopValidate runs the freedesktop validator over every generated
// entry, the odd-path one included: it rejects reserved characters outside
// quotes and bad escapes.
func TestDesktopValidate(t *testing.T) {
	bin := need.Tool(t, "desktop-file-validate", "Debian package desktop-file-utils")
	dir := t.TempDir()
	for _, e := range []Entry{
		{Exe: "/usr/bin/authtray"},
		{Exe: "/usr/bin/authtray", Autostart: true, Generated: true},
		{Exe: "/usr/bin/authtray", Autostart: true, Hidden: true, Generated: true},
		{Exe: oddExe, Autostart: true, Generated: true},
	} {
		p := filepath.Join(dir, "authtray.desktop")
		if err := os.WriteFile(p, DesktopEntry(e), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, p).CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("desktop-file-validate %+v: %v\n%s", e, err, out)
		}
	}
}

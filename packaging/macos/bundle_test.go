package macos

import (
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authtray/authtray/internal/golden"
)

func TestAssemble(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "authtray")
	os.WriteFile(bin, []byte("\xcf\xfa\xed\xfe fake mach-o"), 0o600)
	app, err := Assemble(dir, bin, filepath.Join("authtray.icns"), "v1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	// The layout: every path with its mode and size.
	var layout strings.Builder
	filepath.WalkDir(app, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		size := ""
		if !d.IsDir() {
			size = fmt.Sprint(info.Size())
		}
		fmt.Fprintf(&layout, "%v %s %s\n", info.Mode(), filepath.ToSlash(rel), size)
		return nil
	})
	golden.Check(t, "testdata/layout.txt", []byte(layout.String()))
	plist, _ := os.ReadFile(filepath.Join(app, "Contents", "Info.plist"))
	golden.Check(t, "testdata/Info.plist", plist)

	keys := plistKeys(t, plist)
	for k, want := range map[string]string{
		"CFBundleIdentifier":         "io.github.authtray",
		"CFBundleExecutable":         "authtray",
		"CFBundlePackageType":        "APPL",
		"CFBundleShortVersionString": "1.2.3",
		"CFBundleIconFile":           "authtray.icns",
		"LSUIElement":                "true",
		"NSHighResolutionCapable":    "true",
		"LSMinimumSystemVersion":     MinimumSystemVersion,
	} {
		if keys[k] != want {
			t.Errorf("Info.plist %s = %q, want %q", k, keys[k], want)
		}
	}
	// iTerm and Terminal are driven by Apple events (osascript, open): macOS
	// asks the user first, with this sentence.
	if d := keys["NSAppleEventsUsageDescription"]; !strings.Contains(d, "Terminal") || !strings.Contains(d, "iTerm") {
		t.Errorf("Info.plist NSAppleEventsUsageDescription = %q, want it to name Terminal and iTerm", d)
	}
	// Re-assembling replaces the old bundle instead of failing.
	if _, err := Assemble(dir, bin, "authtray.icns", "v1.2.3"); err != nil {
		t.Errorf("second Assemble: %v", err)
	}
}

// plistKeys parses a flat plist dict into key → value text ("true" for
// <true/>), so the test reads the plist as macOS would, not as text.
func plistKeys(t *testing.T, data []byte) map[string]string {
	t.Helper()
	var doc struct {
		Dict struct {
			Items []struct {
				XMLName xml.Name
				Text    string `xml:",chardata"`
			} `xml:",any"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("Info.plist is not valid XML: %v", err)
	}
	keys := map[string]string{}
	items := doc.Dict.Items
	for i := 0; i+1 < len(items); i += 2 {
		if items[i].XMLName.Local != "key" {
			t.Fatalf("plist item %d is <%s>, want <key>", i, items[i].XMLName.Local)
		}
		v := items[i+1]
		switch v.XMLName.Local {
		case "true", "false":
			keys[items[i].Text] = v.XMLName.Local
		default:
			keys[items[i].Text] = v.Text
		}
	}
	return keys
}

func TestBundleVersion(t *testing.T) {
	for in, want := range map[string]string{"v1.2.3": "1.2.3", "1.2.3-rc.1": "1.2.3", "0.4": "0.4", "dev": "0.0.0", "": "0.0.0"} {
		if got := BundleVersion(in); got != want {
			t.Errorf("BundleVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

// build-app.sh builds for the macOS Info.plist claims: clang's deployment
// target and the loader's check (vtool) use the same version.
func TestBuildTargetsTheMinimumSystemVersion(t *testing.T) {
	b, err := os.ReadFile("build-app.sh")
	if err != nil {
		t.Fatal(err)
	}
	script := string(b)
	for _, want := range []string{
		"min_macos=" + MinimumSystemVersion + "\n",
		"export MACOSX_DEPLOYMENT_TARGET=$min_macos\n",
		`export CGO_CFLAGS="${CGO_CFLAGS:--O2 -g} -mmacosx-version-min=$min_macos"`,
		`export CGO_LDFLAGS="${CGO_LDFLAGS:--O2 -g} -mmacosx-version-min=$min_macos"`,
		`vtool -show-build "dist/authtray-darwin-$arch"`,
	} {
		if !strings.Contains(script, want) {
			t.Errorf("build-app.sh lacks %q", want)
		}
	}
	// The flags are set before the first go build.
	if strings.Index(script, "export MACOSX_DEPLOYMENT_TARGET") > strings.Index(script, "CGO_ENABLED=1 go build") {
		t.Error("build-app.sh sets the deployment target after building")
	}
}

// Package macos assembles authtray.app from a built binary. It is plain
// file layout, so it runs (and is tested) on Linux; compiling the universal
// binary and signing need a Mac (build-app.sh).
package macos

import (
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
)

//go:embed Info.plist.tmpl
var infoPlistTmpl string

// BundleID is the bundle identifier, also the LaunchAgent label
// (platform/autostart.Label).
const BundleID = "io.github.authtray"

// MinimumSystemVersion is the oldest macOS the Go toolchain in go.mod
// supports (Go 1.25+ needs macOS 12 Monterey).
const MinimumSystemVersion = "12.0"

var versionRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,2}`)

// BundleVersion turns a release version ("v1.2.3", "1.2.3-rc.1", "dev")
// into the dotted numbers CFBundleShortVersionString requires.
func BundleVersion(v string) string {
	if m := versionRE.FindString(strings.TrimPrefix(v, "v")); m != "" {
		return m
	}
	return "0.0.0"
}

// InfoPlist renders Contents/Info.plist.
func InfoPlist(version string) ([]byte, error) {
	t, err := template.New("Info.plist").Parse(infoPlistTmpl)
	if err != nil {
		return nil, fmt.Errorf("parse Info.plist template: %w", err)
	}
	var b bytes.Buffer
	err = t.Execute(&b, map[string]string{
		"Executable":           "authtray",
		"IconFile":             "authtray.icns",
		"BundleID":             BundleID,
		"Version":              BundleVersion(version),
		"MinimumSystemVersion": MinimumSystemVersion,
	})
	if err != nil {
		return nil, fmt.Errorf("render Info.plist: %w", err)
	}
	return b.Bytes(), nil
}

// Assemble writes dir/authtray.app with the binary and icon and returns the
// bundle's path. An existing bundle there is replaced.
func Assemble(dir, binary, icon, version string) (string, error) {
	app := filepath.Join(dir, "authtray.app")
	if err := os.RemoveAll(app); err != nil {
		return "", fmt.Errorf("remove old %s: %w", app, err)
	}
	plist, err := InfoPlist(version)
	if err != nil {
		return "", err
	}
	bin, err := os.ReadFile(binary)
	if err != nil {
		return "", fmt.Errorf("read binary: %w", err)
	}
	ico, err := os.ReadFile(icon)
	if err != nil {
		return "", fmt.Errorf("read icon: %w", err)
	}
	files := []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{"Contents/Info.plist", plist, 0o644},
		// PkgInfo is legacy but still read by some Finder paths; "APPL"
		// plus the unknown creator code.
		{"Contents/PkgInfo", []byte("APPL????"), 0o644},
		{"Contents/MacOS/authtray", bin, 0o755},
		{"Contents/Resources/authtray.icns", ico, 0o644},
	}
	for _, f := range files {
		p := filepath.Join(app, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", fmt.Errorf("create %s: %w", filepath.Dir(p), err)
		}
		if err := os.WriteFile(p, f.data, f.mode); err != nil {
			return "", fmt.Errorf("write %s: %w", p, err)
		}
		// WriteFile's mode is filtered by the umask; the bundle must not be.
		if err := os.Chmod(p, f.mode); err != nil {
			return "", fmt.Errorf("chmod %s: %w", p, err)
		}
	}
	return app, nil
}

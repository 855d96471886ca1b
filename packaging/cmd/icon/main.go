// Command icon draws authtray's application icon and writes every file the
// packages ship: hicolor PNGs and the scalable SVG for Linux, the .icns for
// the macOS bundle. Run it from the repository root after changing the
// drawing:
//
//	go run ./packaging/cmd/icon
//
// A test regenerates the files and fails if the committed ones differ.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	root := "packaging"
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	files, err := Files()
	if err != nil {
		fmt.Fprintln(os.Stderr, "icon:", err)
		os.Exit(1)
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "icon:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "icon:", err)
			os.Exit(1)
		}
	}
}

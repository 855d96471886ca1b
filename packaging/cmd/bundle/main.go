// Command bundle assembles authtray.app from a built darwin binary:
//
//	go run ./packaging/cmd/bundle -binary dist/authtray-darwin-universal -version v1.2.3 -o dist
//
// It runs anywhere; packaging/macos/build-app.sh calls it on a Mac after
// building the universal binary, then signs and zips the bundle.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/authtray/authtray/packaging/macos"
)

func main() {
	binary := flag.String("binary", "", "darwin authtray binary to put in Contents/MacOS (required)")
	icon := flag.String("icon", "packaging/macos/authtray.icns", "icon file")
	version := flag.String("version", "dev", "release version (v1.2.3)")
	out := flag.String("o", "dist", "directory to create authtray.app in")
	flag.Parse()
	if *binary == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	app, err := macos.Assemble(*out, *binary, *icon, *version)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
	fmt.Println(app)
}

// Command pushload prints what pushstore.Load returns for the config dir
// in its argument, as JSON: the e2e tests run it as the tray would read
// its push targets, in its own process, so that go-keyring's one session
// bus connection is the test's private bus.
package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/authtray/authtray/platform/pushstore"
)

func main() {
	start := time.Now()
	targets, note, err := pushstore.New(os.Args[1], os.Getenv).Load(context.Background())
	out := struct {
		Targets []pushstore.Target
		Note    string
		Err     string
		Millis  int64
	}{targets, note, "", time.Since(start).Milliseconds()}
	if err != nil {
		out.Err = err.Error()
	}
	json.NewEncoder(os.Stdout).Encode(out)
}

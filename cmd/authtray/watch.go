package main

import (
	"context"
	"fmt"
)

// Placeholder until `watch` lands; owned by the remote-hosts engineer, who replaces this file.
func runWatch(ctx context.Context, args []string, env *appEnv) int {
	fmt.Fprintln(env.Stderr, "authtray watch: not built yet")
	return 1
}

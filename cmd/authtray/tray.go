package main

import (
	"context"
	"fmt"
)

// Placeholder until the tray lands; owned by the tray engineer, who replaces this file.
func runTray(ctx context.Context, env *appEnv) int {
	fmt.Fprintln(env.Stderr, "authtray: the tray is not built yet; use 'authtray status'")
	return 1
}

package main

import "fmt"

// Placeholder until autostart lands; owned by the packaging engineer, who replaces this file.
func runAutostart(args []string, env *appEnv) int {
	fmt.Fprintln(env.Stderr, "authtray autostart: not built yet")
	return 1
}

package main

import (
	"context"
	"fmt"
	"strings"
)

// pushTarget is one place alerts are pushed to: its name and its URL (a
// secret: it is never shown).
type pushTarget struct{ Name, URL string }

// pushTargets are the user's push targets, and a sentence when some could
// not be read. Every reader of them goes through here.
//
// For now they are AUTHTRAY_PUSH: one URL a line, named env-1, env-2 …;
// blank lines and lines starting with # are skipped.
func pushTargets(ctx context.Context, env *appEnv) (targets []pushTarget, note string) {
	for _, line := range strings.Split(env.Getenv("AUTHTRAY_PUSH"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		targets = append(targets, pushTarget{Name: fmt.Sprintf("env-%d", len(targets)+1), URL: line})
	}
	return targets, ""
}

package main

import (
	"context"
	"strings"
)

// pushTarget is one place alerts are pushed to: its name and its URL (a
// secret: it is never shown).
type pushTarget struct{ Name, URL string }

// pushTargets are the user's push targets, and a sentence when some could
// not be read. Every reader of them goes through here: the targets of
// `authtray push add` (keyring or 0600 file, read without ever prompting)
// and AUTHTRAY_PUSH, one URL a line, named env-1, env-2 ….
func pushTargets(ctx context.Context, env *appEnv) (targets []pushTarget, note string) {
	store, err := newPushStore(env)
	if err != nil {
		return nil, "push targets cannot be read: " + err.Error() + "."
	}
	ts, note, err := store.Load(ctx)
	if err != nil {
		note = strings.TrimSpace(note + " push targets cannot be read: " + err.Error() + ".")
	}
	for _, t := range ts {
		targets = append(targets, pushTarget{t.Name, t.URL})
	}
	return targets, note
}

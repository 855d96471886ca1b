package main

import (
	"context"

	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/core/live"
	"github.com/authtray/authtray/core/scan"
	"github.com/authtray/authtray/platform/keychain"
)

// keychainCache is what a long-running view (the tray, `authtray watch`)
// reads the macOS keychain through: secrets only when an item's date
// changed, never in the background while the keychain is locked or after a
// refused prompt; nil without a keychain. Its confirmation re-reads, and
// keychainChanges' notices, re-read Claude Code through *loop (set once the
// loop exists).
func keychainCache(env *appEnv, loop **live.Loop) *claude.KeychainCache {
	if env.Keychain == nil {
		return nil
	}
	return &claude.KeychainCache{
		ModTime: keychain.ModTime,
		Locked:  keychain.Locked,
		Confirm: func() {
			if *loop != nil {
				(*loop).Reread("claude")
			}
		},
	}
}

// keychainChanges notices a rewritten Claude Code item by its date alone
// (the keychain cannot be watched like a file) and re-reads Claude Code.
func keychainChanges(ctx context.Context, env *appEnv, input func() scan.Input, loop *live.Loop, logf func(string, ...any)) {
	keychain.Changes(ctx, env.Home, func() []claude.Item { return scan.KeychainItems(input()) }, func() { loop.Reread("claude") }, logf)
}

package main

import (
	"github.com/authtray/authtray/core/claude"
	"github.com/authtray/authtray/platform/keychain"
)

// keychainCache is what a long-running view (the tray, `authtray watch`)
// reads the macOS keychain through: secrets only when an item's date
// changed, never in the background while the keychain is locked or after a
// refused prompt; nil without a keychain. Its confirmation re-reads call
// reread (Claude Code read again).
func keychainCache(env *appEnv, reread func()) *claude.KeychainCache {
	if env.Keychain == nil {
		return nil
	}
	return &claude.KeychainCache{
		ModTime: keychain.ModTime,
		Locked:  keychain.Locked,
		Confirm: reread,
	}
}

package keychain

import (
	"context"

	"github.com/authtray/authtray/core/claude"
)

// Security is the login keychain, read through /usr/bin/security.
type Security struct{}

// New returns the keychain Claude Code's login may be in.
func New() claude.Keychain { return Security{} }

// Find returns the item's data as `security find-generic-password -w`
// prints it; core/claude decodes it.
func (Security) Find(ctx context.Context, service, account string) ([]byte, error) {
	return find(ctx, service, account)
}

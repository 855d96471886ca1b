//go:build !darwin

package keychain

import (
	"context"
	"time"

	"github.com/authtray/authtray/core/claude"
)

// New returns nil: Claude Code keeps its login in a file here.
func New() claude.Keychain { return nil }

// ModTime has nothing to look at without a keychain.
func ModTime(ctx context.Context, service, account string) (time.Time, error) {
	return time.Time{}, ErrNoKeychain
}

// Locked has nothing to look at without a keychain.
func Locked(ctx context.Context) (bool, error) { return false, ErrNoKeychain }

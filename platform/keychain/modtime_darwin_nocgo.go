//go:build darwin && !cgo

package keychain

import (
	"context"
	"time"
)

// ModTime is when the item last changed, for noticing a new login without
// reading the secret. Without cgo it asks /usr/bin/security for the item's
// attributes (no -w, so no data).
func ModTime(ctx context.Context, service, account string) (time.Time, error) {
	return attrModTime(ctx, service, account)
}

// Locked reports whether the login keychain is locked, asking
// /usr/bin/security without cgo.
func Locked(ctx context.Context) (bool, error) { return lockedBySecurity(ctx) }

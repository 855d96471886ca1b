//go:build darwin && cgo

package keychain

import (
	"context"
	"errors"
	"fmt"
	"time"

	gokeychain "github.com/keybase/go-keychain"

	"github.com/authtray/authtray/core/claude"
)

// ModTime is when the item last changed, for noticing a new login without
// reading the secret. With cgo it asks Security.framework for attributes
// only: a query that returns no data needs no decryption, so it never
// prompts, and it costs no process start. The context is not consulted: the
// call does not block on the user.
func ModTime(_ context.Context, service, account string) (time.Time, error) {
	q := gokeychain.NewItem()
	q.SetSecClass(gokeychain.SecClassGenericPassword)
	q.SetService(service)
	q.SetAccount(account)
	q.SetMatchLimit(gokeychain.MatchLimitOne)
	q.SetReturnAttributes(true)
	q.SetReturnData(false)
	rs, err := gokeychain.QueryItem(q)
	switch {
	case errors.Is(err, gokeychain.ErrorInteractionNotAllowed):
		return time.Time{}, claude.ErrLocked
	case err != nil:
		return time.Time{}, fmt.Errorf("query keychain item attributes: %w", err)
	case len(rs) == 0:
		return time.Time{}, claude.ErrNotFound
	}
	return rs[0].ModificationDate, nil
}

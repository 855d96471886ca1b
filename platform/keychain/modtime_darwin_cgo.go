//go:build darwin && cgo

package keychain

/*
#cgo LDFLAGS: -framework Security -framework CoreFoundation
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
#include <Security/Security.h>

// The SecKeychain calls are deprecated but remain the only way to ask the
// file-based login keychain (where Claude Code's item lives) for its lock
// state, and to turn its prompts off for this process.
static OSStatus authtray_no_ui(void) { return SecKeychainSetUserInteractionAllowed(false); }

static OSStatus authtray_unlocked(int *unlocked) {
	SecKeychainStatus st = 0;
	OSStatus err = SecKeychainGetStatus(NULL, &st);
	*unlocked = (st & kSecUnlockStateStatus) != 0;
	return err;
}
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	gokeychain "github.com/keybase/go-keychain"

	"github.com/authtray/authtray/core/claude"
)

// noUI turns Security.framework's user interaction off for this process,
// once: nothing authtray asks the framework (attribute queries, the lock
// state) may show a dialog; when one would be needed the call fails with
// errSecInteractionNotAllowed instead. The setting is per process and
// authtray never wants it on, so it is not toggled around each call (which
// would race between goroutines). The secret is read by /usr/bin/security,
// another process, which this does not touch.
var noUI = sync.OnceValue(func() error {
	if st := C.authtray_no_ui(); st != 0 {
		return fmt.Errorf("turn keychain prompts off: OSStatus %d", int(st))
	}
	return nil
})

// ModTime is when the item last changed, for noticing a new login without
// reading the secret. With cgo it asks Security.framework for attributes
// only, with user interaction off (noUI): a query that returns no data
// needs no decryption, and one that would need a dialog (a locked keychain)
// fails instead. It returns at ctx's deadline (Timeout without one), even
// if the framework has not.
func ModTime(ctx context.Context, service, account string) (time.Time, error) {
	if err := noUI(); err != nil {
		// Without the guarantee, asking could prompt: say so rather than ask.
		return time.Time{}, err
	}
	return withDeadline(ctx, func() (time.Time, error) { return queryModTime(service, account) })
}

func queryModTime(service, account string) (time.Time, error) {
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
	case errors.Is(err, gokeychain.ErrorAuthFailed), errors.Is(err, gokeychain.ErrorUserCanceled):
		return time.Time{}, claude.ErrDenied
	case err != nil:
		return time.Time{}, fmt.Errorf("query keychain item attributes: %w", err)
	case len(rs) == 0:
		return time.Time{}, claude.ErrNotFound
	}
	return rs[0].ModificationDate, nil
}

// Locked reports whether the default (login) keychain is locked, from its
// status: no item is read and nothing can prompt.
func Locked(ctx context.Context) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	var unlocked C.int
	if st := C.authtray_unlocked(&unlocked); st != 0 {
		return false, fmt.Errorf("keychain status: OSStatus %d", int(st))
	}
	return unlocked == 0, nil
}

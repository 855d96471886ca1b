package claude

import (
	"context"
	"errors"

	"github.com/authtray/authtray/core/redact"
)

// keychainResult is what the keychain said about one dir.
type keychainResult struct {
	// found is true when an item exists; login and err then describe it.
	found   bool
	service string
	login   login
	// err is ErrNotFound when no item exists under any name, ErrLocked or
	// another read failure, or (with found) why the item is unreadable.
	err error
}

// readKeychain tries each service name and account for d, in order, and
// returns the first item that exists. A locked keychain stops the search:
// every other name would say the same.
func readKeychain(ctx context.Context, in Input, d configDir) keychainResult {
	for _, svc := range services(d) {
		for _, acct := range accounts(in) {
			it := Item{Service: svc, Account: acct}
			var found bool
			var l login
			var err error
			if in.KeychainCache != nil {
				found, l, err = readItemCached(ctx, in, it)
			} else {
				found, l, err = readItem(ctx, in.Keychain, it, in.Secrets)
			}
			if !found && err == nil {
				continue
			}
			// A locked keychain or a refused prompt ends the search too:
			// asking under the next name would prompt again.
			return keychainResult{found: found, service: svc, login: l, err: err}
		}
	}
	return keychainResult{err: ErrNotFound}
}

// readItem reads and parses one item. found is false with a nil error when
// the item does not exist, and false with the error when it cannot be read
// (locked); with found, err says why an existing item is unreadable.
func readItem(ctx context.Context, kc Keychain, it Item, secrets *redact.Set) (found bool, l login, err error) {
	out, err := kc.Find(ctx, it.Service, it.Account)
	if errors.Is(err, ErrNotFound) {
		return false, login{}, nil
	}
	if err != nil {
		return false, login{}, err
	}
	l, err = parseItem(ctx, kc, it.Service, it.Account, out, secrets)
	return true, l, err
}

// parseItem reads a keychain item's text, following the overflow pointer
// when the login was moved out of it.
func parseItem(ctx context.Context, kc Keychain, service, account string, out []byte, secrets *redact.Set) (login, error) {
	doc, err := parseDocument(secretText(out), secrets)
	if err != nil {
		return login{}, err
	}
	raw := doc.OAuth
	if raw == nil && doc.Overflow != nil {
		if raw, err = readOverflow(ctx, kc, service, account, *doc.Overflow); err != nil {
			return login{}, err
		}
	}
	return parseLogin(raw, secrets)
}

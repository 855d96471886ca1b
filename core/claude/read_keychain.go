package claude

import (
	"context"
	"errors"
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
			out, err := in.Keychain.Find(ctx, svc, acct)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return keychainResult{service: svc, err: err}
			}
			l, err := parseItem(ctx, in.Keychain, svc, acct, out)
			return keychainResult{found: true, service: svc, login: l, err: err}
		}
	}
	return keychainResult{err: ErrNotFound}
}

// parseItem reads a keychain item's text, following the overflow pointer
// when the login was moved out of it.
func parseItem(ctx context.Context, kc Keychain, service, account string, out []byte) (login, error) {
	doc, err := parseDocument(secretText(out))
	if err != nil {
		return login{}, err
	}
	raw := doc.OAuth
	if raw == nil && doc.Overflow != nil {
		if raw, err = readOverflow(ctx, kc, service, account, *doc.Overflow); err != nil {
			return login{}, err
		}
	}
	return parseLogin(raw)
}

package pushstore

import "context"

// KeyringName names the keyring in sentences.
const KeyringName = "login Keychain"

// probeKeyring: the login Keychain is always there on macOS, and go-keyring
// reads it through /usr/bin/security, which answers for the item authtray
// created without asking (the item's access list names security). A
// locked Keychain fails fast or, at worst, within the call's deadline.
func probeKeyring(context.Context, func(string) string, bool) Availability {
	return Availability{State: Ready}
}

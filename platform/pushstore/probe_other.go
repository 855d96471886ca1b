//go:build !linux && !darwin

package pushstore

import "context"

// KeyringName names the keyring in sentences.
const KeyringName = "keyring"

// probeKeyring: authtray uses the keyring on Linux and macOS only;
// elsewhere the 0600 file keeps the URLs.
func probeKeyring(context.Context, func(string) string, bool) Availability {
	return Availability{Absent, "authtray uses no keyring on this system"}
}

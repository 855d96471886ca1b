//go:build !linux && !darwin

package pushstore

import "context"

const keyringName = "keyring"

// probeKeyring: authtray uses the keyring on Linux and macOS only;
// elsewhere the 0600 file keeps the URLs.
func probeKeyring(context.Context, func(string) string, bool) Availability {
	return Availability{Absent, "authtray uses no keyring on this system"}
}

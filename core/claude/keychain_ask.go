package claude

import "context"

// askedKey marks a context whose keychain reads the user asked for
// ("Refresh now", "Ask for Keychain access again…").
type askedKey struct{}

// WithUserAsked marks ctx as a read the user asked for: it may show a
// Keychain prompt, and the platform gives the user time to answer it.
func WithUserAsked(ctx context.Context) context.Context {
	return context.WithValue(ctx, askedKey{}, true)
}

// UserAsked reports whether ctx is a read the user asked for.
func UserAsked(ctx context.Context) bool {
	v, _ := ctx.Value(askedKey{}).(bool)
	return v
}

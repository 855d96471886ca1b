//go:build !darwin

package keychain

import (
	"context"
	"errors"
	"testing"
)

func TestNoKeychainHere(t *testing.T) {
	if New() != nil {
		t.Error("New() on Linux is not nil")
	}
	if _, err := ModTime(context.Background(), "s", "a"); !errors.Is(err, ErrNoKeychain) {
		t.Errorf("ModTime: %v", err)
	}
}

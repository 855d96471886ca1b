package claude

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/authtray/authtray/core/jsonkind"
)

// Claude Code's overflow item: base64(IV[12] | ciphertext | tag[16]),
// AES-256-GCM under the 32-byte key kept in the main item's pointer. The
// plaintext is a JSON object of the top-level sections moved out of the
// main item.
const (
	overflowIV  = 12
	overflowTag = 16
	overflowKey = 32
)

// overflowService is the item the pointer's slot names. Claude Code uses
// the slots "a" and "b" only; anything else is not its pointer.
func overflowService(service, slot string) (string, error) {
	if slot != "a" && slot != "b" {
		return "", badInput("keychainOverflow names an unknown slot")
	}
	return service + "-overflow-" + slot, nil
}

// readOverflow fetches and decrypts the overflow item and returns its
// claudeAiOauth section (nil when the section is not there either).
func readOverflow(ctx context.Context, kc Keychain, service, account string, ref overflowRef) (json.RawMessage, error) {
	svc, err := overflowService(service, ref.Slot)
	if err != nil {
		return nil, err
	}
	out, err := kc.Find(ctx, svc, account)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, badInput("The keychain item points to an overflow item that does not exist")
	case err != nil:
		return nil, err
	}
	plain, err := decryptOverflow(ref.Key, out)
	if err != nil {
		return nil, err
	}
	var moved map[string]json.RawMessage
	if err := json.Unmarshal(plain, &moved); err != nil {
		return nil, badInput("The keychain overflow item does not hold a JSON object")
	}
	if raw, ok := moved["claudeAiOauth"]; ok && jsonkind.Of(raw) != "null" {
		return raw, nil
	}
	return nil, nil
}

// decryptOverflow opens the overflow blob. Its errors say which step failed
// and nothing about the data.
func decryptOverflow(key string, out []byte) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(key))
	if err != nil || len(k) != overflowKey {
		return nil, badInput("The keychain overflow key is not a base64 32-byte key")
	}
	blob, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(secretText(out))))
	if err != nil {
		return nil, badInput("The keychain overflow item is not base64")
	}
	if len(blob) < overflowIV+overflowTag {
		return nil, badInput("The keychain overflow item is too short to be encrypted data")
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, badInput("The keychain overflow key is not a base64 32-byte key")
	}
	gcm, err := cipher.NewGCMWithTagSize(block, overflowTag)
	if err != nil {
		return nil, err
	}
	// Node stores iv|ciphertext|tag; Go's Open wants ciphertext|tag.
	plain, err := gcm.Open(nil, blob[:overflowIV], blob[overflowIV:], nil)
	if err != nil {
		return nil, badInput("The keychain overflow item does not decrypt with its key")
	}
	return plain, nil
}

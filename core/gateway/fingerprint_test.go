package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
)

// oldFingerprint is how fingerprints were made with fmt; they must not
// change (a live view and scripts compare them).
func oldFingerprint(c *credential) string {
	h := sha256.New()
	exp := "none"
	if c.Expires != nil {
		exp = fmt.Sprintf("%.0f", *c.Expires)
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%v%v%v%v%v%v", c.Location, c.ID, c.Type, c.Provider, exp,
		c.HasKey, c.HasToken, c.HasAccess, c.HasRefresh, c.Fence, c.HasOAuthRef)
	if c.Ref != nil {
		fmt.Fprintf(h, "\x00ref %s", c.Ref)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

func TestFingerprintUnchanged(t *testing.T) {
	e1, e2, e3 := 1.7e12, 0.0, 123.5
	for _, c := range []*credential{
		{ID: "a:b", Type: "token", Provider: "a", Location: "/x", HasToken: true},
		{ID: "a:b", Type: "oauth", Provider: "a", Location: "/x", HasAccess: true, HasRefresh: true, Expires: &e1, Fence: true},
		{ID: "a:b", Type: "api_key", Provider: "a", Location: "/x", HasKey: true, Expires: &e2, Ref: &secretRef{Source: "env", ID: "K"}},
		{ID: "é", Type: "token", Provider: "p", Expires: &e3, HasOAuthRef: true, Ref: &secretRef{Source: "exec", Provider: "v", ID: "x/y"}},
	} {
		if a, b := fingerprint(c), oldFingerprint(c); a != b {
			t.Errorf("%+v: %s, want %s", c, a, b)
		}
	}
}

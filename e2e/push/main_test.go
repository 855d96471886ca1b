// Package pushe2e runs the real `authtray watch` on a fixture HOME against
// loopback HTTP receivers standing for an ntfy server and a generic
// webhook, and against the real gateway CLI's `message send --dry-run`
// (openclaw://), and checks what a user's phone would get: each alert once
// per threshold, with the profile and its state and no byte of a token;
// nothing again after a restart; a target that answers 500 retried until
// it takes the alert; a renewal said once; and one sender per user when two
// authtrays run.
package pushe2e

import (
	"testing"

	"github.com/authtray/authtray/internal/e2ebin"
)

var (
	authtray string // the binary under test, built once in TestMain
	buildErr error
)

func TestMain(m *testing.M) { e2ebin.Main(m, "push", &authtray, &buildErr) }

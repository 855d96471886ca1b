// Package parity proves authtray's verdict against the real OpenClaw gateway
// CLI: its tests build scenario HOMEs with the gateway's own commands, ask
// `openclaw models status --json --check` and `authtray status` about each,
// and compare exit codes, per-profile states, the credential in use, the
// disabled and cooling-down profiles, and that authtray prints no token byte.
//
// The gateway comes from .ci/install-gateway.sh. Without it the tests skip,
// except under CI=true, where they fail.
package parity

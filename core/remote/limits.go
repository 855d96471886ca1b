// Package remote turns what a gateway host prints over ssh into profile rows:
// the NDJSON of `authtray watch --json`, or, where authtray is not installed,
// the JSON of `openclaw models status --json` and `claude auth status`. All of
// it is untrusted input: sizes are bounded, every field is re-validated,
// every string is cleaned of control and escape characters, and nothing that
// is not explicitly mapped (such as the gateway's masked key labels) is kept.
//
// The package is pure: no processes, no clock of its own. platform/sshx runs
// ssh and feeds this package.
package remote

// MaxLine is the longest NDJSON line (one snapshot) accepted from a host.
const MaxLine = 1 << 20

// MaxOutput is the most a one-shot remote command may print.
const MaxOutput = 4 << 20

// MaxRows is the most rows one host may contribute to a snapshot.
const MaxRows = 1000

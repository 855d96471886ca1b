package metrics

import "github.com/authtray/authtray/core/remote"

// label makes a label value safe to export: every secret value the
// process read is masked, escape sequences, control and bidi characters
// are removed (remote.Clean, the cleaning every remote row gets), and
// invalid UTF-8 is replaced (Prometheus refuses it). It masks again after
// cleaning, since removing an escape sequence can join the two halves of
// a secret.
func (c *Collector) label(s string) string {
	if s == "" {
		return ""
	}
	return c.secrets.Mask(remote.Clean(c.secrets.Mask(s)))
}

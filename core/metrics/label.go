package metrics

// label makes a label value safe to export, with the one cleaning step every
// output uses (core/safetext): each secret value the process read is
// masked, before and after cleaning; escape sequences, control, bidi and
// other invisible characters are removed, invalid UTF-8 (which Prometheus
// refuses) is replaced, and the value is one line of at most
// MaxLine bytes (safetext.Line), as a menu label or a log line.
func (c *Collector) label(s string) string {
	if s == "" {
		return ""
	}
	return c.clean(s)
}

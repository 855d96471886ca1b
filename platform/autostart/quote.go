package autostart

import "strings"

// desktopReserved are the characters that make an Exec argument need
// double quotes (Desktop Entry Specification, "The Exec key").
const desktopReserved = " \t\n\"'\\><~|&;$*?#()`"

// ExecArg quotes one argument for a desktop entry's Exec key, as the line
// appears in the file.
//
// Two layers apply, in this order when reading: the string-value escapes
// (\\ \n \t \s \r), then the Exec quoting rule (inside double quotes, ",
// `, $ and \ take a backslash). A literal backslash therefore becomes four
// backslashes in the file. % starts a field code, so a literal % is %%
// whether quoted or not.
func ExecArg(s string) string {
	var exec strings.Builder
	if s == "" || strings.ContainsAny(s, desktopReserved) {
		exec.WriteByte('"')
		for _, r := range s {
			switch r {
			case '"', '`', '$', '\\':
				exec.WriteByte('\\')
			}
			exec.WriteRune(r)
		}
		exec.WriteByte('"')
	} else {
		exec.WriteString(s)
	}
	return escapeValue(strings.ReplaceAll(exec.String(), "%", "%%"))
}

// escapeValue applies the string-value escapes of a desktop entry value.
func escapeValue(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`)
	return r.Replace(s)
}

// unitArg quotes one argument for a systemd ExecStart= line: always in
// double quotes with C-style escapes, % doubled (specifiers) and $ doubled
// (environment variable expansion).
func unitArg(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '%':
			b.WriteString("%%")
		case '$':
			b.WriteString("$$")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// xmlEscape escapes text for a plist <string>.
func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
	return r.Replace(s)
}

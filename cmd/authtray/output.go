package main

import (
	"bytes"
	"io"

	"github.com/authtray/authtray/core/alert"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext"
)

// Every text this command prints passes here: fields are cleaned for their
// sink (core/safetext) and masked with the process's secret set before they
// are composed into a table row or a JSON document; what is written is
// masked once more as a whole; standard error is cleaned and masked line
// by line, whoever writes to it (log lines, error sentences, flag errors).

// termText cleans one field for the terminal, its secrets masked.
func (e *appEnv) termText(s string) string { return safetext.Masked(e.Secrets, safetext.Terminal)(s) }

// forTable is the snapshot with every string cleaned for the terminal.
func (e *appEnv) forTable(s profile.Snapshot) profile.Snapshot {
	return cleanSnapshot(s, safetext.Masked(e.Secrets, safetext.Terminal))
}

// forJSON is the snapshot with every string cleaned for JSON.
func (e *appEnv) forJSON(s profile.Snapshot) profile.Snapshot {
	return cleanSnapshot(s, safetext.Masked(e.Secrets, safetext.JSON))
}

// cleanSnapshot is a copy of s with every string passed through sink. A
// fix is a command: one that cleaning would change (a hostile agent name
// in it, a masked secret) would be another command, so it is dropped,
// text and argv, rather than shown altered.
func cleanSnapshot(s profile.Snapshot, sink func(string) string) profile.Snapshot {
	c := safetext.Walk(s, sink)
	for i, p := range s.Profiles {
		if !intact(sink, append(append([]string{p.Fix}, p.FixArgs...), p.FixEnv...)) {
			c.Profiles[i].Fix, c.Profiles[i].FixArgs, c.Profiles[i].FixEnv = "", nil, nil
		}
	}
	return c
}

// intact reports whether sink leaves every word as it is.
func intact(sink func(string) string, words []string) bool {
	for _, w := range words {
		if sink(w) != w {
			return false
		}
	}
	return true
}

// stdout is standard output with every write masked.
func (e *appEnv) stdout() io.Writer { return e.Secrets.Writer(e.Stdout) }

// lineWriter cleans and masks each line written through it for a terminal.
// Each Write is one record (fmt.Fprintf with a final "\n", as every log
// line and error sentence here is written): a newline inside it, a stack
// trace's or a store's, starts an indented continuation line, so no text
// can pass for a record of its own ("authtray: …").
type lineWriter struct {
	w       io.Writer
	secrets *redact.Set
}

// cleanLines wraps w, unless it is wrapped already.
func cleanLines(w io.Writer, secrets *redact.Set) io.Writer {
	if lw, ok := w.(lineWriter); ok && lw.secrets == secrets {
		return w
	}
	return lineWriter{w, secrets}
}

// continuation starts every line of a record after its first.
const continuation = "    "

func (l lineWriter) Write(p []byte) (int, error) {
	clean := safetext.Masked(l.secrets, safetext.Terminal)
	lines := bytes.Split(p, []byte("\n"))
	var out bytes.Buffer
	for i, line := range lines {
		if i > 0 {
			out.WriteByte('\n')
			if i < len(lines)-1 || len(line) > 0 {
				out.WriteString(continuation)
			}
		}
		out.WriteString(clean(string(line)))
	}
	if _, err := l.w.Write(out.Bytes()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// maskedSender masks secrets in a notification's words; platform/notify
// cleans them for its server.
type maskedSender struct {
	sender  alert.Sender
	secrets *redact.Set
}

func (m maskedSender) Send(msg alert.Message) error {
	line := safetext.Masked(m.secrets, safetext.Line)
	msg.Summary, msg.Body = line(msg.Summary), line(msg.Body)
	return m.sender.Send(msg)
}

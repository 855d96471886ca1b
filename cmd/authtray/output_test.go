package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/safetext/safetexttest"
)

// TestStderrLines: a log line or an error sentence holding hostile text or
// a secret reaches standard error cleaned and masked, one line each.
func TestStderrLines(t *testing.T) {
	var set redact.Set
	set.Add(substToken)
	var buf bytes.Buffer
	w := cleanLines(&buf, &set)
	if cleanLines(w, &set) != w {
		t.Error("cleanLines wraps twice")
	}
	texts := safetexttest.Strings()
	for _, s := range texts {
		fmt.Fprintf(w, "authtray: reading %s failed: %s\n", s, substToken)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	records := 0
	for _, l := range lines {
		if u := safetexttest.Unsafe(l); u != "" {
			t.Fatalf("line %q keeps %s", l, u)
		}
		switch {
		case strings.HasPrefix(l, "authtray: reading "):
			records++
		case !strings.HasPrefix(l, continuation):
			// A newline in the text must not start what looks like a record.
			t.Fatalf("line %q is neither a record nor a continuation", l)
		}
		if strings.Contains(l, "failed: ") && !strings.HasSuffix(l, " failed: "+redact.Mark) {
			t.Fatalf("line %q: secret not masked", l)
		}
	}
	if records != len(texts) {
		t.Fatalf("%d records for %d writes", records, len(texts))
	}
}

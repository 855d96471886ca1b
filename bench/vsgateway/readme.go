package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// The README lines between which -readme writes the figures.
const (
	markBegin = "<!-- bench:gateway-vs-authtray:begin -->"
	markEnd   = "<!-- bench:gateway-vs-authtray:end -->"
)

// replaceBlock puts body between the marker lines of doc.
func replaceBlock(doc, body string) (string, error) {
	i := strings.Index(doc, markBegin+"\n")
	j := strings.Index(doc, "\n"+markEnd)
	if i < 0 || j < 0 || j < i {
		return "", errors.New("no " + markBegin + " / " + markEnd + " lines, in that order, to write the figures between")
	}
	head := doc[:i+len(markBegin)+1]
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	return head + body + strings.TrimPrefix(doc[j:], "\n"), nil
}

// updateReadme writes the report into path between the markers.
func updateReadme(path, report string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := replaceBlock(string(data), report)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(out), info.Mode().Perm())
}

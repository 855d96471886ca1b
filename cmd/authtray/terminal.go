package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal. It asks the terminal driver
// (golang.org/x/term): a character device is not enough, since /dev/null
// is one, and output sent there must not be coloured or wrapped as if
// someone were reading it.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ttyWidth is the column count of the terminal w writes to, 0 when w is
// not a terminal or its size is unknown.
func ttyWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(w) {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return cols
}

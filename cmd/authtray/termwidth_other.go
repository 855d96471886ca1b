//go:build !unix

package main

import "io"

// ttyWidth is 0 here: rows are not wrapped.
func ttyWidth(io.Writer) int { return 0 }

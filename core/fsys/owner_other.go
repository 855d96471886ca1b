//go:build !unix

package fsys

import "io/fs"

// Owner is not known here.
func Owner(fs.FileInfo) (uid int, ok bool) { return 0, false }

// Identity is not known here.
func Identity(fs.FileInfo) string { return "" }

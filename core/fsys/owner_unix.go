//go:build unix

package fsys

import (
	"fmt"
	"io/fs"
	"syscall"
)

// Owner is the uid that owns the file fi describes; ok is false where the
// system does not say.
func Owner(fi fs.FileInfo) (uid int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// Identity names the file fi describes, whatever its name: its device and
// inode ("" where the system does not say). A file replaced under the
// same name has another.
func Identity(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprint(st.Dev, " ", st.Ino)
}

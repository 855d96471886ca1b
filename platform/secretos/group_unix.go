//go:build unix

package secretos

import (
	"io/fs"
	"os/exec"
	"syscall"
)

// newGroup starts the command in a process group of its own, so that
// killGroup ends what it started too.
func newGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// owner is a file's owner and link count.
func owner(fi fs.FileInfo) (uid int, links uint64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), uint64(st.Nlink)
	}
	return -1, 0
}

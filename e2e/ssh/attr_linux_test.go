package sshe2e

import "syscall"

// sshdAttr puts sshd in its own process group and has the kernel kill it
// if the test process dies first (a -timeout panic runs no cleanups).
func sshdAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

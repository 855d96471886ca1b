package desktope2e

import "syscall"

// daemonAttr puts a daemon in its own process group and has the kernel kill
// it if the test binary dies first: a binary killed by -timeout runs no
// cleanups (the daemons' own children go when X or the bus does;
// sweepOrphans catches anything left).
func daemonAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

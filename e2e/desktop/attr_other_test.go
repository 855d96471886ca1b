//go:build !linux

package desktope2e

import "syscall"

// daemonAttr puts a daemon in its own process group (Pdeathsig is Linux's).
func daemonAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

//go:build !linux

package sshe2e

import "syscall"

// sshdAttr puts sshd in its own process group.
func sshdAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

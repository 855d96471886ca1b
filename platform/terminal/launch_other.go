//go:build !unix

package terminal

import (
	"context"
	"errors"
	"syscall"
)

func launch(context.Context, Command) error {
	return errors.New("opening a terminal is not supported on this system")
}

func detached() *syscall.SysProcAttr { return nil }

func found(string) bool { return false }

//go:build linux || darwin

package gateway

import (
	"encoding/hex"
	"errors"
	"strconv"
	"syscall"

	"github.com/authtray/authtray/core/fsys"
)

// fileStamp opens path (without blocking; only a regular file) and gives
// its identity, size, time, mode, owner and first head bytes, or with a
// negative head only its first -head bytes; "-" when it does not exist.
//
// It makes the system calls itself (open, fstat, pread, close): a live
// view stamps four files of every database on every read, and the os
// package's file (its poller registration, its finalizer) costs as much
// again as the calls.
func fileStamp(path string, head int) (string, error) {
	fd, err := openNoBlock(path)
	if errors.Is(err, syscall.ENOENT) {
		// A link to nothing is not "no file" (fsys.OS.Open's rule).
		if berr := (fsys.OS{}).BrokenLink(path); berr != nil {
			return "", berr
		}
		return "-", nil
	}
	if err != nil {
		return "", err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstat(fd, &st); err != nil {
		return "", err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return "", errors.New("not a regular file")
	}
	buf := make([]byte, max(head, -head))
	n, err := preadFull(fd, buf)
	if err != nil {
		return "", err
	}
	if head < 0 {
		return hex.EncodeToString(buf[:n]), nil
	}
	b := make([]byte, 0, 96+2*n)
	for _, v := range []uint64{uint64(st.Dev), st.Ino, uint64(st.Size), uint64(mtimeNs(&st)), uint64(st.Mode), uint64(st.Uid)} {
		b = append(strconv.AppendUint(b, v, 10), ' ')
	}
	return string(hex.AppendEncode(b, buf[:n])), nil
}

func openNoBlock(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}

// preadFull reads buf from the start of fd, or as much as the file holds.
func preadFull(fd int, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := syscall.Pread(fd, buf[n:], int64(n))
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return n, err
		case m == 0:
			return n, nil
		}
		n += m
	}
	return n, nil
}

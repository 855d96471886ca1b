//go:build !linux && !darwin

package gateway

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/authtray/authtray/core/fsys"
)

// appendFileStamp appends fileStamp's stamp to b.
func appendFileStamp(b []byte, path string, head int, at *stampAt) ([]byte, error) {
	s, err := fileStamp(path, head, at)
	return append(b, s...), err
}

// fileStamp opens path (without blocking; only a regular file) and gives
// its identity, size, time, mode, owner and first head bytes, or with a
// negative head only its first -head bytes; "-" when it does not exist.
// Here every file is read: the settled rule (settle.go) is not used, nor
// is a linked database refused (links are not looked at here).
func fileStamp(path string, head int, _ *stampAt) (string, error) {
	rc, err := fsys.OS{}.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "-", nil
	}
	if err != nil {
		return "", err
	}
	defer rc.Close()
	f, ok := rc.(*os.File)
	if !ok {
		return "", errors.New("not a file")
	}
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	id := fsys.Identity(fi)
	uid, _ := fsys.Owner(fi)
	if id == "" {
		return "", errors.New("no identity")
	}
	buf := make([]byte, max(head, -head))
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", err
	}
	if head < 0 {
		return fmt.Sprintf("%x", buf[:n]), nil
	}
	return fmt.Sprintf("%s %d %d %v %d %x", id, fi.Size(), fi.ModTime().UnixNano(), fi.Mode(), uid, buf[:n]), nil
}

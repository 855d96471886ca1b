package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
)

// ReadFile reads a whole file (fsys.FS.ReadFile).
type ReadFile func(name string) ([]byte, error)

// File resolves ids from a file provider (resolveFileRefs): the file must
// pass readSecureFile (an absolute path; no symlink; a regular file with one
// link, owned by the effective user, readable and writable by nobody else;
// at most maxBytes); mode "singleValue" serves the id "value" with the
// whole file (less one trailing newline), mode "json" (the default) an
// object whose JSON pointers are the ids.
func File(o OS, read ReadFile, home string, p map[string]any, ids []string) Results {
	r := newResults()
	data, err := secureRead(o, read, expandHome(str(p["path"]), home), positiveInt(p["maxBytes"], defaultFileMaxBytes))
	if err != nil {
		r.Err = err.Error()
		return r
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	if str(p["mode"]) == "singleValue" {
		for _, id := range ids {
			if id != singleValueFileRefID {
				r.Failed[id] = `a singleValue file provider serves only the id "value"`
				continue
			}
			r.set(id, strings.TrimSuffix(strings.TrimSuffix(text, "\n"), "\r"))
		}
		return r
	}
	var doc any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		r.Err = "the file is not JSON"
		return r
	}
	if _, ok := doc.(map[string]any); !ok {
		r.Err = "the file's JSON is not an object"
		return r
	}
	for _, id := range ids {
		v, err := Pointer(doc, id)
		if err != nil {
			r.Failed[id] = err.Error()
			continue
		}
		r.set(id, v)
	}
	return r
}

// secureRead applies readSecureFile's checks, then reads.
func secureRead(o OS, read ReadFile, path string, maxBytes int) ([]byte, error) {
	if !filepath.IsAbs(path) {
		return nil, errors.New("its path is not absolute")
	}
	info, err := o.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist", path)
		}
		return nil, fmt.Errorf("%s is not readable", path)
	}
	if err := secureFile(info, o.EUID(), path); err != nil {
		return nil, err
	}
	if info.Size > int64(maxBytes) {
		return nil, fmt.Errorf("%s is larger than maxBytes (%d)", path, maxBytes)
	}
	data, err := read(path)
	if err != nil {
		return nil, fmt.Errorf("%s is not readable", path)
	}
	if len(data) > maxBytes {
		return nil, fmt.Errorf("%s is larger than maxBytes (%d)", path, maxBytes)
	}
	// The file must still be the one checked (readSecureFile compares the
	// opened file's identity with the path's).
	if after, err := o.Lstat(path); err != nil || after.Mode != info.Mode || after.UID != info.UID || after.Links != info.Links {
		return nil, fmt.Errorf("%s changed while it was read", path)
	}
	return data, nil
}

// secureFile is the shape and permission part of readSecureFile.
func secureFile(info Info, euid int, path string) error {
	switch {
	case info.Mode&fs.ModeSymlink != 0:
		return fmt.Errorf("%s must not be a symlink", path)
	case !info.Mode.IsRegular():
		return fmt.Errorf("%s must be a file", path)
	case info.Links > 1:
		return fmt.Errorf("%s must not be hardlinked", path)
	case info.Mode.Perm()&0o077 != 0:
		return fmt.Errorf("%s permissions are too open (mode %04o; only its owner may read it)", path, info.Mode.Perm())
	case euid < 0 || info.UID != euid:
		return fmt.Errorf("%s must be owned by the effective user (uid=%d)", path, euid)
	}
	return nil
}

// Pointer reads an absolute JSON pointer (RFC 6901: ~1 is "/", ~0 is "~";
// an array takes a decimal index), as readJsonPointer does.
func Pointer(doc any, pointer string) (any, error) {
	if !strings.HasPrefix(pointer, "/") {
		return nil, errors.New("file secret ids must be absolute JSON pointers")
	}
	cur := doc
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch v := cur.(type) {
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) || strconv.Itoa(i) != tok {
				return nil, fmt.Errorf("JSON pointer segment %q is out of bounds", tok)
			}
			cur = v[i]
		case map[string]any:
			next, ok := v[tok]
			if !ok {
				return nil, fmt.Errorf("JSON pointer segment %q does not exist", tok)
			}
			cur = next
		default:
			return nil, fmt.Errorf("JSON pointer segment %q does not exist", tok)
		}
	}
	return cur, nil
}

func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// expandHome resolves a leading ~ as resolveUserPath does.
func expandHome(p, home string) string {
	switch {
	case p == "~":
		return home
	case strings.HasPrefix(p, "~/"):
		return filepath.Join(home, p[2:])
	case p == "":
		return ""
	}
	return filepath.Clean(p)
}

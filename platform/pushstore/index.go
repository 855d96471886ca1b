package pushstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/authtray/authtray/internal/atomicfile"
)

// The index and the fallback secrets file, in authtray's config dir.
const (
	indexFile   = "push-targets.json"
	secretsFile = "push-secrets.json"
	// maxFile bounds what is read of either; a real one is a few KB.
	maxFile = 1 << 20
)

// index is the non-secret part of the store: which targets exist, what
// they show of themselves, and where their URLs are.
type index struct {
	Targets []entry `json:"targets"`
}

type entry struct {
	Name   string `json:"name"`
	Scheme string `json:"scheme"`
	Host   string `json:"host"`
	Where  Where  `json:"where"`
}

func (x *index) get(name string) (entry, bool) {
	for _, e := range x.Targets {
		if e.Name == name {
			return e, true
		}
	}
	return entry{}, false
}

func (x *index) put(e entry) {
	for i := range x.Targets {
		if x.Targets[i].Name == e.Name {
			x.Targets[i] = e
			return
		}
	}
	x.Targets = append(x.Targets, e)
}

func (x *index) drop(name string) {
	x.Targets = slices.DeleteFunc(x.Targets, func(e entry) bool { return e.Name == name })
}

func (x *index) has(w Where) bool {
	return slices.ContainsFunc(x.Targets, func(e entry) bool { return e.Where == w })
}

func (s *Store) indexPath() string   { return filepath.Join(s.dir, indexFile) }
func (s *Store) secretsPath() string { return filepath.Join(s.dir, secretsFile) }

// readIndex is the index; a missing file is an empty one.
func (s *Store) readIndex() (index, error) {
	var x index
	data, err := readBounded(s.indexPath())
	if errors.Is(err, fs.ErrNotExist) {
		return x, nil
	}
	if err != nil {
		return x, err
	}
	if err := json.Unmarshal(data, &x); err != nil {
		return index{}, fmt.Errorf("%s is not valid JSON; fix or remove it (the URLs are not in it)", s.indexPath())
	}
	x.Targets = slices.DeleteFunc(x.Targets, func(e entry) bool {
		return CheckName(e.Name) != nil || (e.Where != KeyringStore && e.Where != FileStore)
	})
	return x, nil
}

func (s *Store) writeIndex(x index) error {
	data, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return fmt.Errorf("encode the push index: %w", err)
	}
	return atomicfile.Write(s.indexPath(), append(data, '\n'))
}

// readSecrets is the fallback file's name → URL map. It refuses a file
// that others can read: its URLs may already be known to them, and using
// them would hide that.
func (s *Store) readSecrets() (map[string]string, error) {
	p := s.secretsPath()
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s is readable by others (mode %04o), so its push targets are not used; run chmod 600 on it, and replace the tokens in it if others may have read them", p, fi.Mode().Perm())
	}
	data, err := readBounded(p)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		// json's errors may quote what they choke on: a URL.
		return nil, fmt.Errorf("%s is not valid JSON, so its push targets are not used", p)
	}
	for k, v := range m {
		if _, err := checkURL(v); err != nil {
			delete(m, k)
		}
	}
	return m, nil
}

func (s *Store) putSecret(name, url string) error {
	m, err := s.readSecrets()
	if err != nil {
		return err
	}
	m[name] = url
	return s.writeSecrets(m)
}

func (s *Store) dropSecret(name string) error {
	m, err := s.readSecrets()
	if err != nil {
		return err
	}
	if _, ok := m[name]; !ok {
		return nil
	}
	delete(m, name)
	return s.writeSecrets(m)
}

func (s *Store) writeSecrets(m map[string]string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", s.secretsPath(), err)
	}
	return atomicfile.Write(s.secretsPath(), append(data, '\n'))
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("%s is larger than 1 MB; it is not authtray's", path)
	}
	return data, nil
}

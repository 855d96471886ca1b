package secrets

import (
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"time"
)

// fakeOS serves lstat results from a map and records one exec run.
type fakeOS struct {
	files map[string]Info
	uid   int
	out   Output
	err   error
	ran   []Command
}

func (f *fakeOS) Lstat(name string) (Info, error) {
	if i, ok := f.files[name]; ok {
		return i, nil
	}
	return Info{}, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrNotExist}
}
func (f *fakeOS) EUID() int { return f.uid }
func (f *fakeOS) Run(_ context.Context, c Command) (Output, error) {
	f.ran = append(f.ran, c)
	return f.out, f.err
}

const secret = "sk-ant-api03-FAKEFAKEFAKEFAKEFAKE0001"

func private(size int) Info { return Info{Mode: 0o600, UID: 501, Links: 1, Size: int64(size)} }

// TestFile follows resolveFileRefs and readSecureFile (@openclaw/fs-safe):
// each refusal was seen from openclaw 2026.9.6 (cf-* runs: missing, bad
// pointer, mode 0644, mode 0640, symlink, hardlink, not an object, a
// number, an empty string: exit 1; a nested pointer: 0).
func TestFile(t *testing.T) {
	doc := `{"anth":"` + secret + `","a":{"b":"` + secret + `"},"list":["x","` + secret + `"],"n":42,"e":"","r":"[REDACTED]","t~/k":"` + secret + `"}`
	tests := []struct {
		name    string
		info    *Info
		content string
		mode    string
		id      string
		want    string // "" resolves, else a part of the reason
	}{
		{"a private file", nil, doc, "", "/anth", ""},
		{"nested", nil, doc, "", "/a/b", ""},
		{"an array index", nil, doc, "", "/list/1", ""},
		{"escaped segment", nil, doc, "", "/t~0~1k", ""},
		{"a missing segment", nil, doc, "", "/nope", `segment "nope" does not exist`},
		{"out of bounds", nil, doc, "", "/list/2", "out of bounds"},
		{"a number", nil, doc, "", "/n", "non-string or empty"},
		{"empty", nil, doc, "", "/e", "non-string or empty"},
		{"a redaction placeholder", nil, doc, "", "/r", "redaction placeholder"},
		{"world readable", &Info{Mode: 0o644, UID: 501, Links: 1}, doc, "", "/anth", "permissions are too open (mode 0644"},
		{"group readable", &Info{Mode: 0o640, UID: 501, Links: 1}, doc, "", "/anth", "too open"},
		{"a symlink", &Info{Mode: fs.ModeSymlink | 0o777, UID: 501, Links: 1}, doc, "", "/anth", "must not be a symlink"},
		{"hardlinked", &Info{Mode: 0o600, UID: 501, Links: 2}, doc, "", "/anth", "must not be hardlinked"},
		{"a directory", &Info{Mode: fs.ModeDir | 0o700, UID: 501, Links: 1}, doc, "", "/anth", "must be a file"},
		{"another owner", &Info{Mode: 0o600, UID: 0, Links: 1}, doc, "", "/anth", "owned by the effective user"},
		{"too large", &Info{Mode: 0o600, UID: 501, Links: 1, Size: 2 << 20}, doc, "", "/anth", "larger than maxBytes"},
		{"not an object", nil, `[1]`, "", "/0", "not an object"},
		{"not JSON", nil, `{"a":`, "", "/a", "not JSON"},
		{"a byte order mark", nil, "\uFEFF" + doc, "", "/anth", ""},
		{"singleValue", nil, secret + "\n", "singleValue", "value", ""},
		{"singleValue wants value", nil, secret, "singleValue", "/x", `serves only the id "value"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := private(len(tt.content))
			if tt.info != nil {
				info = *tt.info
			}
			o := &fakeOS{uid: 501, files: map[string]Info{"/s/secrets.json": info}}
			read := func(string) ([]byte, error) { return []byte(tt.content), nil }
			p := map[string]any{"source": "file", "path": "/s/secrets.json", "mode": tt.mode}
			r := File(o, read, "/h", p, []string{tt.id})
			why := r.Err + r.Failed[tt.id]
			switch {
			case tt.want == "" && (why != "" || r.Values[tt.id] != secret):
				t.Errorf("not resolved: %q", why)
			case tt.want != "" && !strings.Contains(why, tt.want):
				t.Errorf("reason %q, want %q", why, tt.want)
			}
			if strings.Contains(why, secret) {
				t.Errorf("a reason holds the secret")
			}
		})
	}
	r := File(&fakeOS{uid: 501}, nil, "/h", map[string]any{"path": "~/gone.json"}, []string{"/a"})
	if !strings.Contains(r.Err, "/h/gone.json does not exist") {
		t.Errorf("missing file: %q", r.Err)
	}
}

// TestExec follows resolveExecRefs, parseExecValues and
// assertSecureExecCommandPath; the ex-* runs against openclaw 2026.9.6 saw
// exit 3, empty output, a NOT_FOUND error, a plain value under jsonOnly,
// a timeout, a group-writable command, a symlink and a command outside
// trustedDirs fail (exit 1), and a plain value with jsonOnly false resolve.
func TestExec(t *testing.T) {
	cmd := "/s/bin/resolver"
	ok := `{"protocolVersion":1,"values":{"anth":"` + secret + `"}}`
	tests := []struct {
		name string
		info *Info
		p    map[string]any
		out  Output
		want string
	}{
		{"resolves", nil, nil, Output{Stdout: []byte(ok)}, ""},
		{"exit code", nil, nil, Output{Code: 3, Stdout: []byte(ok)}, "exited with code 3"},
		{"timed out", nil, nil, Output{TimedOut: true}, "timed out after 5s"},
		{"silent", nil, map[string]any{"noOutputTimeoutMs": 1500.0}, Output{Silent: true}, "no output for 1.5s"},
		{"too much output", nil, nil, Output{TooLarge: true}, "exceeded maxOutputBytes (1048576)"},
		{"nothing printed", nil, nil, Output{}, "printed nothing"},
		{"not JSON under jsonOnly", nil, nil, Output{Stdout: []byte(secret)}, "invalid JSON"},
		{"a plain value without jsonOnly", nil, map[string]any{"jsonOnly": false}, Output{Stdout: []byte(secret + "\n")}, ""},
		{"a JSON string without jsonOnly", nil, map[string]any{"jsonOnly": false}, Output{Stdout: []byte(`"` + secret + `"`)}, ""},
		{"not an object", nil, nil, Output{Stdout: []byte(`[1]`)}, "not an object"},
		{"wrong protocol", nil, nil, Output{Stdout: []byte(`{"protocolVersion":2,"values":{}}`)}, "protocolVersion is not 1"},
		{"no values", nil, nil, Output{Stdout: []byte(`{"protocolVersion":1}`)}, `no "values"`},
		{"NOT_FOUND", nil, nil, Output{Stdout: []byte(`{"protocolVersion":1,"values":{},"errors":{"anth":{"code":"NOT_FOUND","message":"` + secret + `"}}}`)}, "failed for this id (NOT_FOUND)"},
		{"another error code is not shown", nil, nil, Output{Stdout: []byte(`{"protocolVersion":1,"values":{},"errors":{"anth":{"code":"` + secret + `"}}}`)}, "failed for this id"},
		{"the id missing", nil, nil, Output{Stdout: []byte(`{"protocolVersion":1,"values":{"other":"x"}}`)}, "lacks this id"},
		{"a symlink", &Info{Mode: fs.ModeSymlink | 0o777, UID: 501}, nil, Output{Stdout: []byte(ok)}, "must not be a symlink"},
		{"a directory", &Info{Mode: fs.ModeDir | 0o700, UID: 501}, nil, Output{Stdout: []byte(ok)}, "must be a file"},
		{"group writable", &Info{Mode: 0o770, UID: 501}, nil, Output{Stdout: []byte(ok)}, "writable by others (mode 0770)"},
		{"world writable", &Info{Mode: 0o757, UID: 501}, nil, Output{Stdout: []byte(ok)}, "writable by others"},
		{"group readable is fine", &Info{Mode: 0o755, UID: 501}, nil, Output{Stdout: []byte(ok)}, ""},
		{"another owner", &Info{Mode: 0o700, UID: 0}, nil, Output{Stdout: []byte(ok)}, "owned by the current user (uid=501)"},
		{"inside trustedDirs", nil, map[string]any{"trustedDirs": []any{"/s"}}, Output{Stdout: []byte(ok)}, ""},
		{"outside trustedDirs", nil, map[string]any{"trustedDirs": []any{"/usr/bin", "/s/binx"}}, Output{Stdout: []byte(ok)}, "outside trustedDirs"},
		{"relative command", nil, map[string]any{"command": "bin/resolver"}, Output{Stdout: []byte(ok)}, "must be an absolute path"},
		{"missing command", nil, map[string]any{"command": "/s/bin/gone"}, Output{Stdout: []byte(ok)}, "is not readable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := Info{Mode: 0o700, UID: 501, Links: 1}
			if tt.info != nil {
				info = *tt.info
			}
			o := &fakeOS{uid: 501, files: map[string]Info{cmd: info}, out: tt.out}
			p := map[string]any{"source": "exec", "command": cmd}
			for k, v := range tt.p {
				p[k] = v
			}
			r := Exec(context.Background(), o, func(string) string { return "" }, "/h", "vault", p, []string{"anth"})
			why := r.Err + r.Failed["anth"]
			switch {
			case tt.want == "" && (why != "" || strings.TrimSpace(r.Values["anth"]) != secret):
				t.Errorf("not resolved: %q (%q)", why, r.Values["anth"])
			case tt.want != "" && !strings.Contains(why, tt.want):
				t.Errorf("reason %q, want %q", why, tt.want)
			}
			if strings.Contains(why, secret) {
				t.Errorf("a reason holds the secret")
			}
		})
	}
}

// TestExecCommand: what the resolver is given: only passEnv's and env's
// variables, its own directory, the protocol request for every id once,
// and the limits from the provider.
func TestExecCommand(t *testing.T) {
	o := &fakeOS{uid: 501, files: map[string]Info{"/h/bin/r": {Mode: 0o700, UID: 501}}, out: Output{Stdout: []byte(`{"protocolVersion":1,"values":{"a":"x-secret-1","b":"x-secret-2"}}`)}}
	env := map[string]string{"PATH": "/usr/bin", "VAULT_ADDR": "http://127.0.0.1:8200", "HOME": "/h", "ANTHROPIC_API_KEY": secret}
	p := map[string]any{"command": "~/bin/r", "args": []any{"--profile", "prod"}, "passEnv": []any{"PATH", "VAULT_ADDR", "UNSET"},
		"env": map[string]any{"MODE": "ci"}, "timeoutMs": 2000.0, "maxOutputBytes": 4096.0}
	r := Exec(context.Background(), o, func(k string) string { return env[k] }, "/h", "vault", p, []string{"b", "a", "b"})
	if len(o.ran) != 1 {
		t.Fatalf("%d runs", len(o.ran))
	}
	c := o.ran[0]
	if c.Path != "/h/bin/r" || c.Dir != "/h/bin" || strings.Join(c.Args, " ") != "--profile prod" {
		t.Errorf("command %s in %s with %v", c.Path, c.Dir, c.Args)
	}
	if got := strings.Join(c.Env, " "); got != "MODE=ci PATH=/usr/bin VAULT_ADDR=http://127.0.0.1:8200" {
		t.Errorf("env %q", got)
	}
	var req map[string]any
	if json.Unmarshal(c.Stdin, &req) != nil || req["protocolVersion"] != 1.0 || req["provider"] != "vault" || len(req["ids"].([]any)) != 2 {
		t.Errorf("request %s", c.Stdin)
	}
	if c.Timeout != 2*time.Second || c.NoOutput != 2*time.Second || c.MaxOutput != 4096 {
		t.Errorf("limits %v %v %d", c.Timeout, c.NoOutput, c.MaxOutput)
	}
	if r.Values["a"] != "x-secret-1" || r.Values["b"] != "x-secret-2" {
		t.Errorf("values %v", r.Values)
	}
}

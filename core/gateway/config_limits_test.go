package gateway

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

func noEnv(string) string { return "" }

// TestConfigNestingLimit: however deeply a config nests, in the file or
// through $include, loading it is one error naming the file, never a
// crash; up to the limit it loads.
func TestConfigNestingLimit(t *testing.T) {
	nest := func(open, close string, d int) string {
		return strings.Repeat(open, d) + "0" + strings.Repeat(close, d)
	}
	deep := map[string]map[string]string{
		"a million [":          {"/c/openclaw.json": `{x: ` + nest("[", "]", 1_000_000) + `}`},
		"a million { in auth":  {"/c/openclaw.json": `{auth: ` + nest("{a:", "}", 1_000_000) + `}`},
		"unclosed":             {"/c/openclaw.json": `{x: ` + strings.Repeat("[", 1_000_000)},
		"in an include":        {"/c/openclaw.json": `{agents: {$include: "./a.json5"}}`, "/c/a.json5": nest("[", "]", 1_000_000)},
		"through ten includes": chainOfIncludes(10, 900),
	}
	for name, files := range deep {
		t.Run(name, func(t *testing.T) {
			_, err := loadConfig(fsys.Fake{Files: files}, "/c/openclaw.json", noEnv)
			if err == nil || !strings.Contains(err.Error(), "levels deep") {
				t.Fatalf("err = %v, want the nesting limit", err)
			}
		})
	}
	ok := map[string]map[string]string{
		"999 levels":          {"/c/openclaw.json": `{x: ` + nest("[", "]", 998) + `}`},
		"split over includes": chainOfIncludes(10, 90),
	}
	for name, files := range ok {
		if _, err := loadConfig(fsys.Fake{Files: files}, "/c/openclaw.json", noEnv); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// chainOfIncludes is a config including n files in a chain, each nesting
// d levels of objects around the next.
func chainOfIncludes(n, d int) map[string]string {
	files := map[string]string{"/c/openclaw.json": `{x: {$include: "./f1.json5"}}`}
	for i := 1; i <= n; i++ {
		inner := "0"
		if i < n {
			inner = fmt.Sprintf(`{$include: "./f%d.json5"}`, i+1)
		}
		files[fmt.Sprintf("/c/f%d.json5", i)] = strings.Repeat("{a:", d) + inner + strings.Repeat("}", d)
	}
	return files
}

// TestDeepConfigIsAnErrorRow: through Read, a config past the limit is the
// config's error row (counted, so --check exits 1), and the stores are
// still read.
func TestDeepConfigIsAnErrorRow(t *testing.T) {
	f := fsys.Fake{Files: map[string]string{
		"/h/.openclaw/openclaw.json":                        "{x: " + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + "}",
		"/h/.openclaw/agents/main/agent/auth-profiles.json": storeJSON(map[string]map[string]any{"anthropic:x": keyCred("anthropic", fakeKey(1))}),
	}}
	rows := Read(t.Context(), Input{Home: "/h", Getenv: noEnv, FS: f, Now: now})
	r, ok := row(profile.Snapshot{Profiles: rows}, "config")
	if !ok || r.State != profile.Error || !r.Judged || !strings.Contains(r.Message, "levels deep") {
		t.Fatalf("config row = %+v", r)
	}
}

// TestIncludeMerge: included files merge as the gateway's mergeDeep does:
// arrays concatenate, objects merge, keys that could reach a prototype are
// dropped, and a one-file include is the file as it is.
func TestIncludeMerge(t *testing.T) {
	files := map[string]string{
		"/c/openclaw.json": `{agents: {$include: ["./a.json5", "./b.json5"], defaults: {model: {fallbacks: ["s/1"]}}}, one: {$include: "./c.json5"}}`,
		"/c/a.json5":       `{defaults: {model: {primary: "a/a", fallbacks: ["a/1"]}, __proto__: {x: 1}}}`,
		"/c/b.json5":       `{defaults: {model: {fallbacks: ["b/1"]}, constructor: 1}, list: [1]}`,
		"/c/c.json5":       `{__proto__: {kept: true}}`,
	}
	c, err := loadConfig(fsys.Fake{Files: files}, "/c/openclaw.json", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	fb, _ := fallbacksOf(c.get("agents", "defaults", "model"))
	if !slices.Equal(fb, []string{"a/1", "b/1", "s/1"}) {
		t.Errorf("fallbacks = %v, want concatenated in include order", fb)
	}
	if primaryOf(c.get("agents", "defaults", "model")) != "a/a" {
		t.Errorf("primary lost in the merge")
	}
	if got := c.keys("agents", "defaults"); !slices.Equal(got, []string{"model"}) {
		t.Errorf("merged defaults keys = %v, want the blocked keys dropped", got)
	}
	if c.get("one", "__proto__") == nil {
		t.Errorf("a one-file include lost its __proto__ key (the gateway keeps it there)")
	}
}

// TestIncludeReuse: a file included from many places is read and parsed
// once; a list naming one file a million times stops at the merge budget
// with an error instead of running for minutes.
func TestIncludeReuse(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 20000 {
		fmt.Fprintf(&b, `k%d: {$include: "./p.json5"},`, i)
	}
	b.WriteString(`auth: {profiles: {$include: "./p.json5"}}}`)
	rec := &countFS{FS: fsys.Fake{Files: map[string]string{"/c/openclaw.json": b.String(), "/c/p.json5": `{"a:1": {provider: "a"}, "a:0": {provider: "a"}}`}}}
	c, err := loadConfig(rec, "/c/openclaw.json", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if rec.reads["/c/p.json5"] != 1 {
		t.Errorf("p.json5 read %d times", rec.reads["/c/p.json5"])
	}
	if got := c.authProfileIDs(); !slices.Equal(got, []string{"a:1", "a:0"}) {
		t.Errorf("ids = %v", got)
	}
	bomb := map[string]string{
		"/c/openclaw.json": `{x: {$include: [` + strings.Repeat(`"./big.json5",`, 100_000) + `]}}`,
		"/c/big.json5":     "{" + strings.Repeat("k: 0, ", 1) + `l: [` + strings.Repeat("0,", 1000) + "]}",
	}
	if _, err := loadConfig(fsys.Fake{Files: bomb}, "/c/openclaw.json", noEnv); err == nil || !strings.Contains(err.Error(), "merges more than") {
		t.Errorf("merge bomb: err = %v", err)
	}
}

type countFS struct {
	fsys.FS
	reads map[string]int
}

func (c *countFS) ReadFile(name string) ([]byte, error) {
	if c.reads == nil {
		c.reads = map[string]int{}
	}
	c.reads[name]++
	return c.FS.ReadFile(name)
}

// TestIncludeDepthLimit: ten levels of includes load; eleven do not, the
// same whether the deep file was seen before from a shallower place.
func TestIncludeDepthLimit(t *testing.T) {
	chain := func(n int, extra string) map[string]string {
		files := map[string]string{"/c/openclaw.json": `{` + extra + `x: {$include: "./f1.json5"}}`}
		for i := 1; i <= n; i++ {
			v := "{}"
			if i < n {
				v = fmt.Sprintf(`{$include: "./f%d.json5"}`, i+1)
			}
			files[fmt.Sprintf("/c/f%d.json5", i)] = v
		}
		return files
	}
	if _, err := loadConfig(fsys.Fake{Files: chain(10, "")}, "/c/openclaw.json", noEnv); err != nil {
		t.Errorf("ten levels: %v", err)
	}
	for _, extra := range []string{"", `y: {$include: "./f2.json5"}, `} {
		_, err := loadConfig(fsys.Fake{Files: chain(11, extra)}, "/c/openclaw.json", noEnv)
		if err == nil || !strings.Contains(err.Error(), "files deep") {
			t.Errorf("eleven levels (%q): err = %v", extra, err)
		}
	}
}

// TestIncludeSymlinks: an $include that is a symlink to outside the config
// dir (and OPENCLAW_INCLUDE_ROOTS) is refused, as the gateway refuses it
// ("Include path resolves outside config directory (symlink)", checked on
// openclaw 2026.9.6); a link within the dir, or into an include root, is
// read; so is any file of a config dir that is itself a link. A hard link
// is refused, as the gateway refuses it.
func TestIncludeSymlinks(t *testing.T) {
	base := t.TempDir()
	cfgDir := filepath.Join(base, "cfg")
	outside := filepath.Join(base, "outside")
	root := filepath.Join(base, "root")
	for _, d := range []string{cfgDir, outside, root, filepath.Join(cfgDir, "sub")} {
		must(t, os.MkdirAll(d, 0o700))
	}
	body := `{defaults: {model: "anthropic/x"}}`
	for _, p := range []string{filepath.Join(outside, "a.json5"), filepath.Join(root, "a.json5"), filepath.Join(cfgDir, "sub", "a.json5"), filepath.Join(cfgDir, "sub", "h.json5")} {
		must(t, os.WriteFile(p, []byte(body), 0o600))
	}
	must(t, os.Link(filepath.Join(cfgDir, "sub", "h.json5"), filepath.Join(cfgDir, "hard.json5")))
	links := map[string]string{"out.json5": filepath.Join(outside, "a.json5"), "in.json5": "sub/a.json5", "root.json5": filepath.Join(root, "a.json5"), "dangling.json5": filepath.Join(outside, "gone")}
	for name, target := range links {
		must(t, os.Symlink(target, filepath.Join(cfgDir, name)))
	}
	must(t, os.Symlink(cfgDir, filepath.Join(base, "linked-cfg")))
	env := func(k string) string {
		if k == "OPENCLAW_INCLUDE_ROOTS" {
			return root
		}
		return ""
	}
	for _, tc := range []struct{ dir, include, err string }{
		{cfgDir, "./out.json5", "symlink to outside"},
		{cfgDir, "./in.json5", ""},
		{cfgDir, "./root.json5", ""},
		{cfgDir, "./dangling.json5", "broken symbolic link"},
		{cfgDir, "./hard.json5", "hard link"},
		{filepath.Join(base, "linked-cfg"), "./in.json5", ""},
		{filepath.Join(base, "linked-cfg"), "./out.json5", "symlink to outside"},
	} {
		path := filepath.Join(tc.dir, "openclaw.json")
		must(t, os.WriteFile(filepath.Join(cfgDir, "openclaw.json"), []byte(`{agents: {$include: "`+tc.include+`"}}`), 0o600))
		c, err := loadConfig(fsys.OS{}, path, env)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s from %s: %v", tc.include, tc.dir, err)
		case tc.err == "" && primaryOf(c.get("agents", "defaults", "model")) != "anthropic/x":
			t.Errorf("%s from %s: not read", tc.include, tc.dir)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s from %s: err = %v, want %q", tc.include, tc.dir, err, tc.err)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentLoads: key order is each load's own (no shared counter):
// loads running at once each see their own file's order.
func TestConcurrentLoads(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ids []string
			var b strings.Builder
			b.WriteString("{auth: {profiles: {")
			for i := range 200 {
				id := fmt.Sprintf("p:%d-%d", g, (i*7+g)%200)
				ids = append(ids, id)
				fmt.Fprintf(&b, "%q: {provider: \"p\", extra: {z: {y: 1}, a: [1, {b: 2}]}},", id)
			}
			b.WriteString("}}}")
			for range 20 {
				c, err := loadConfig(fsys.Fake{Files: map[string]string{"/c/openclaw.json": b.String()}}, "/c/openclaw.json", noEnv)
				if err != nil || !slices.Equal(c.authProfileIDs(), ids) {
					t.Errorf("goroutine %d: order lost (%v)", g, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestStoreJSONDepth: the stores are JSON read with encoding/json, whose
// scanner refuses nesting past 10000 levels before decoding: a store row
// of a million nested [ is "unreadable", not a crash.
func TestStoreJSONDepth(t *testing.T) {
	deep := strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000)
	for _, doc := range []string{
		deep,
		`{"version":1,"profiles":{"a:1":{"type":"token","provider":"a","token":"x","extra":` + deep + `}}}`,
		`{"profiles":{},"usageStats":{"a:1":` + deep + `}}`,
	} {
		if _, err := parseStore([]byte(doc), nil); err == nil {
			t.Errorf("a store nested a million deep parsed")
		}
		if _, err := parseState([]byte(doc)); err == nil && strings.HasPrefix(doc, "[") {
			t.Errorf("a state nested a million deep parsed")
		}
	}
}

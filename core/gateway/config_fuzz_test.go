package gateway

import (
	"github.com/authtray/authtray/internal/benchcpu"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
)

// FuzzLoadConfig: any openclaw.json and included file load or fail with an
// error that quotes neither file; a loaded config's key order agrees with
// its maps and is the same on every load; and loading stays linear when
// the input is blown up to about 256 KB (the main file repeated under many
// keys, each also including the second file).
func FuzzLoadConfig(f *testing.F) {
	f.Add(`{auth: {profiles: {"a:2": {provider: "a"}, "a:1": {}}}}`, `{}`)
	f.Add(`{agents: {$include: ["./inc.json5", "./inc.json5"], defaults: {model: "${MODEL}"}}}`, `{defaults: {model: {fallbacks: ["x/y"]}}}`)
	f.Add(`{auth: {profiles: {$include: "./inc.json5", "z:z": {}}}}`, `{"b:b": {}, "1": {}, "a:a": {}}`)
	f.Add(`{x: {$include: "./inc.json5"}}`, `{y: {$include: "./inc.json5"}}`)
	f.Add(`{x: [[[[{$include: "./inc.json5"}]]]]}`, `[[[[[[[[0]]]]]]]]`)
	f.Add(`{"__proto__": {$include: ["./inc.json5"]}}`, `{constructor: {prototype: 1}}`)
	getenv := func(k string) string {
		if k == "MODEL" {
			return "anthropic/SECRETSECRET"
		}
		return ""
	}
	f.Fuzz(func(t *testing.T, main, inc string) {
		files := map[string]string{"/c/openclaw.json": main, "/c/inc.json5": inc}
		c, err := loadConfig(fsys.Fake{Files: files}, "/c/openclaw.json", getenv)
		if err != nil {
			for _, s := range []string{main, inc} {
				if len(s) >= 12 && strings.Contains(err.Error(), s) {
					t.Fatalf("error quotes a file: %v", err)
				}
			}
		} else {
			checkOrder(t, c, nil, 0)
			again, _ := loadConfig(fsys.Fake{Files: files}, "/c/openclaw.json", getenv)
			if !slices.Equal(c.authProfileIDs(), again.authProfileIDs()) {
				t.Fatalf("key order differs between two loads")
			}
		}
		var b strings.Builder
		b.WriteString("{")
		for i := 0; b.Len() < 256<<10; i++ {
			b.WriteString("k")
			b.WriteString(strings.Repeat("x", i%7))
			b.WriteString(": {i: {$include: \"./inc.json5\"}, m: ")
			b.WriteString(strings.ReplaceAll(main, "$include", "_include"))
			b.WriteString("\n},")
		}
		b.WriteString("}")
		files["/c/openclaw.json"] = b.String()
		start := benchcpu.CPU()
		loadConfig(fsys.Fake{Files: files}, "/c/openclaw.json", getenv)
		if el, limit := benchcpu.CPU()-start, 300*time.Millisecond+time.Duration(b.Len())*time.Microsecond; el > limit {
			t.Fatalf("%d bytes took %v (limit %v)", b.Len(), el, limit)
		}
	})
}

// checkOrder: at every object, keys() lists exactly the map's keys, each
// once.
func checkOrder(t *testing.T, c config, path []string, depth int) {
	m, ok := c.get(path...).(map[string]any)
	if !ok || depth > 4 {
		return
	}
	keys := c.keys(path...)
	if len(keys) != len(m) {
		t.Fatalf("at %v: %d keys in order, %d in the map", path, len(keys), len(m))
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Fatalf("at %v: ordered key %q not in the map", path, k)
		}
		checkOrder(t, c, append(slices.Clone(path), k), depth+1)
	}
}

package gateway

import (
	"fmt"
	"github.com/authtray/authtray/internal/benchcpu"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

// adversarialConfigs are openclaw.json shapes that make a careless JSON5
// reader slow or crash it, each generated at about n bytes.
var adversarialConfigs = []struct {
	name string
	gen  func(n int) string
}{
	// {"a":{"a":…}}: the key-order pass re-parsed every subtree.
	{"nested-objects", func(n int) string {
		d := n / 6
		return strings.Repeat(`{"a":`, d) + "{}" + strings.Repeat("}", d)
	}},
	// [[[…]]]: recursion without a depth limit.
	{"nested-arrays", func(n int) string {
		d := n / 2
		return `{"x":` + strings.Repeat("[", d) + strings.Repeat("]", d) + "}"
	}},
	// many small objects side by side.
	{"wide-objects", func(n int) string {
		return `{"x":[` + strings.Repeat(`{a:0},`, n/6) + "]}"
	}},
	// one object with many keys, auth.profiles included.
	{"many-keys", func(n int) string {
		var b strings.Builder
		b.WriteString(`{auth:{profiles:{`)
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, `"p:%d":{provider:"p",mode:"token"},`, i)
		}
		b.WriteString("}}}")
		return b.String()
	}},
	// long strings with escapes and ${VAR} references.
	{"strings", func(n int) string {
		return `{x:"` + strings.Repeat(`\u0041\n${HOME}$${X}`, n/20) + `"}`
	}},
	// comments between every token.
	{"comments", func(n int) string {
		return `{x:[` + strings.Repeat("/*c*/0,//c\n", n/12) + "]}"
	}},
}

func BenchmarkLoadConfig(b *testing.B) {
	getenv := func(k string) string {
		if k == "HOME" {
			return "/home/u"
		}
		return ""
	}
	for _, ac := range adversarialConfigs {
		for _, n := range []int{32 << 10, 200 << 10, 2 << 20, 8<<20 - 64} {
			data := ac.gen(n)
			b.Run(fmt.Sprintf("%s/%dKB", ac.name, len(data)>>10), func(b *testing.B) {
				f := fsys.Fake{Files: map[string]string{"/c/openclaw.json": data}}
				b.SetBytes(int64(len(data)))
				defer benchcpu.Start(b)()
				for i := 0; i < b.N; i++ {
					loadConfig(f, "/c/openclaw.json", getenv)
				}
			})
		}
	}
}

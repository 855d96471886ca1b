package json5

import (
	"fmt"
	"github.com/authtray/authtray/internal/benchcpu"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// FuzzParse: any input parses or fails with a SyntaxError, and stays linear
// when blown up: the input repeated side by side and wrapped in objects to
// about 1 MB parses at well under a microsecond a byte (a quadratic or
// exponential path would take seconds).
func FuzzParse(f *testing.F) {
	g := gen{r: rand.New(rand.NewPCG(3, 4))}
	for range 20 {
		f.Add(g.doc())
	}
	for _, s := range []string{"", "[", "{a:", `"\`, "/*", "{a:1,a:2}", "0x", "-Infinity", `'\u00'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		v, err := Parse([]byte(doc))
		if err != nil {
			if se, ok := err.(*SyntaxError); !ok || se.Line < 1 {
				t.Fatalf("error %#v", err)
			}
		} else if v != nil {
			canonicalJSON(v) // every value is one of the documented types
		}
		big := blowUp(doc, 1<<20)
		start := benchcpu.CPU()
		Parse([]byte(big))
		if el, limit := benchcpu.CPU()-start, 200*time.Millisecond+time.Duration(len(big))*500*time.Nanosecond; el > limit {
			t.Fatalf("%d bytes took %v (limit %v)", len(big), el, limit)
		}
	})
}

// blowUp repeats doc into a document of about n bytes: an array of
// objects, each holding the document under a new key.
func blowUp(doc string, n int) string {
	if doc == "" {
		doc = "0"
	}
	unit := "{k:" + doc + "\n},"
	var b strings.Builder
	b.WriteString("[")
	for i := 0; b.Len() < n; i++ {
		b.WriteString(unit)
	}
	b.WriteString("]")
	return b.String()
}

// Adversarial are shapes that make a careless JSON5 reader slow, each about
// n bytes.
var Adversarial = []struct {
	Name string
	Gen  func(n int) string
}{
	{"nested-objects", func(n int) string {
		d := min(n/6, MaxDepth-1)
		return pad(strings.Repeat(`{"a":`, d)+"{}"+strings.Repeat("}", d), n)
	}},
	{"deeper-than-limit", func(n int) string { return strings.Repeat("[", n/2) + strings.Repeat("]", n/2) }},
	{"wide-objects", func(n int) string { return "[" + strings.Repeat("{a:0},", n/6) + "]" }},
	{"many-keys", func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "k%d:0,", i)
		}
		return b.String() + "}"
	}},
	{"duplicate-keys", func(n int) string { return "{" + strings.Repeat("a:0,", n/4) + "}" }},
	{"escaped-strings", func(n int) string { return `"` + strings.Repeat(`\u0041\n\x41\'`, n/16) + `"` }},
	{"comments", func(n int) string { return "[" + strings.Repeat("/*c*/0,//c\n", n/12) + "]" }},
	{"numbers", func(n int) string { return "[" + strings.Repeat("-1.5e+300,0x1F,", n/15) + "]" }},
}

// pad fills a document to n bytes with trailing spaces.
func pad(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len(s))) }

func BenchmarkParse(b *testing.B) {
	for _, a := range Adversarial {
		for _, n := range []int{32 << 10, 2 << 20, 8<<20 - 64} {
			data := []byte(a.Gen(n))
			b.Run(fmt.Sprintf("%s/%dKB", a.Name, len(data)>>10), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				defer benchcpu.Start(b)()
				for b.Loop() {
					Parse(data)
				}
			})
		}
	}
}

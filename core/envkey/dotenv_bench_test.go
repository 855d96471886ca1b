package envkey

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authtray/authtray/internal/benchcpu"
)

// adversarialDotenv are dotenv files that make a careless parser slow,
// each about n bytes.
var adversarialDotenv = []struct {
	name string
	gen  func(n int) string
}{
	// One unclosed quote, then many lines: was quadratic (the value grew
	// line by line, searched again each time).
	{"unclosed-quote", func(n int) string { return `A="x` + "\n" + strings.Repeat("B=1\n", n/4) }},
	// A quote per line, each closing far away or never.
	{"quote-per-line", func(n int) string { return strings.Repeat("A=\"x\nB='y\nC=`z\n", n/15) }},
	// Escaped quotes, every one a candidate end for the expression.
	{"escaped-quotes", func(n int) string { return `A="` + strings.Repeat(`\"`, n/2) }},
	{"plain", func(n int) string { return strings.Repeat("ANTHROPIC_API_KEY=sk-ant-api03-x # c\n", n/36) }},
}

func BenchmarkParseDotenv(b *testing.B) {
	for _, a := range adversarialDotenv {
		for _, n := range []int{200 << 10, 1 << 20, 4 << 20} {
			data := []byte(a.gen(n))
			b.Run(fmt.Sprintf("%s/%dKB", a.name, len(data)>>10), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				defer benchcpu.Start(b)()
				for b.Loop() {
					ParseDotenv(data)
				}
			})
		}
	}
}

package envkey

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"

	"github.com/authtray/authtray/internal/gatewaycli"
	"github.com/authtray/authtray/internal/need"
)

// genDotenv writes a random dotenv file from the pieces that make dotenv
// parsers differ: quotes of three kinds that close, do not close or close
// lines later, escaped quotes, comments, export, the colon form, blank and
// junk lines, CR LF and Unicode blanks.
func genDotenv(r *rand.Rand) string {
	pick := func(opts ...string) string { return opts[r.IntN(len(opts))] }
	var b strings.Builder
	for range r.IntN(8) {
		b.WriteString(pick("", "  ", "\t", "export ", "\ufeff"))
		b.WriteString(pick("A", "B_1", "KEY", "a.b", "x-y", "1A", "export", "#c", "junk words"))
		b.WriteString(pick("=", " = ", ": ", ":", "=\n", " "))
		for range r.IntN(4) {
			b.WriteString(pick("v", " ", `"`, `'`, "`", `\"`, `\'`, "#", " # c", `\n`, "\n", "\r\n", "\r", "x y", "\u00a0", `\\`))
		}
		b.WriteString(pick("\n", "\r\n", "", "\n\n", " #t\n"))
	}
	return b.String()
}

// TestAgainstGatewayDotenv parses generated files here and with the
// gateway's own dotenv package: both read the same keys and values.
func TestAgainstGatewayDotenv(t *testing.T) {
	dir := gatewaycli.Dir()
	node, pkg := gatewaycli.Node(dir), gatewaycli.Module(dir, "dotenv")
	if err := gatewaycli.Installed(node, pkg); err != nil {
		need.Missing(t, err.Error())
	}
	r := rand.New(rand.NewPCG(11, 13))
	var docs []string
	for range 5000 {
		docs = append(docs, genDotenv(r))
	}
	in, _ := json.Marshal(docs)
	cmd := exec.Command(node, "-e", `const {parse} = require(process.argv[1]);
process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(0, "utf8")).map((d) => parse(d))))`, pkg)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	var want []map[string]string
	if err := json.Unmarshal(out, &want); err != nil || len(want) != len(docs) {
		t.Fatalf("oracle output: %v", err)
	}
	failed := 0
	for i, d := range docs {
		got, _ := ParseDotenv([]byte(d))
		w := map[string]string{}
		for k, v := range want[i] {
			if validKey(k) {
				w[k] = v
			}
		}
		if !maps.Equal(got, w) {
			failed++
			if failed <= 8 {
				t.Errorf("%q:\n got %q\nwant %q", d, got, w)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d files differ", failed, len(docs))
	}
}

package json5

import (
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/authtray/authtray/internal/gatewaycli"
	"github.com/authtray/authtray/internal/need"
)

// oracleScript parses each document of a JSON array on stdin with the
// gateway's json5 package and prints, per document, the canonical form (see
// canonical) or null for a syntax error.
const oracleScript = `
const JSON5 = require(process.argv[1]);
const canon = (v) => {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "string") return ["s", v];
  if (typeof v === "number") {
    if (Number.isNaN(v)) return ["n", "nan"];
    const b = Buffer.alloc(8); b.writeDoubleBE(v); return ["n", b.toString("hex")];
  }
  if (Array.isArray(v)) return ["a", ...v.map(canon)];
  return ["o", ...Object.keys(v).map((k) => [k, canon(v[k])])];
};
const docs = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(docs.map((d) => { try { return canon(JSON5.parse(d)); } catch { return null; } })));
`

// oracle finds node and the json5 package the gateway ships with
// (.ci/install-gateway.sh installs them).
func oracle(t *testing.T) (node, pkg string) {
	dir := gatewaycli.Dir()
	node, pkg = gatewaycli.Node(dir), gatewaycli.Module(dir, "json5")
	if err := gatewaycli.Installed(node, pkg); err != nil {
		need.Missing(t, err.Error())
	}
	return node, pkg
}

// TestAgainstGatewayJSON5 parses generated documents, valid and damaged,
// here and with the gateway's own json5 package: both accept the same ones
// and read the same values with the same key order.
func TestAgainstGatewayJSON5(t *testing.T) {
	node, pkg := oracle(t)
	g := gen{r: rand.New(rand.NewPCG(5, 17))}
	var docs []string
	for range 3000 {
		docs = append(docs, g.doc())
	}
	in, _ := json.Marshal(docs)
	cmd := exec.Command(node, "-e", oracleScript, pkg)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	var want []any
	if err := json.Unmarshal(out, &want); err != nil || len(want) != len(docs) {
		t.Fatalf("oracle output: %v (%d results)", err, len(want))
	}
	failed := 0
	for i, d := range docs {
		v, err := Parse([]byte(d))
		var got any
		if err == nil {
			_ = json.Unmarshal([]byte(canonicalJSON(v)), &got)
		}
		if !reflect.DeepEqual(got, want[i]) {
			failed++
			if failed <= 10 {
				t.Errorf("doc %q:\n got %v (err %v)\nwant %v", d, got, err, want[i])
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d documents differ", failed, len(docs))
	}
}

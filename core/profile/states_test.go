package profile

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestStatesComplete: every State constant declared in this package is in
// States (and so in rank), in order from harmless to worst. A state added
// without a rank would be invisible to Worse and to every view listing
// States.
func TestStatesComplete(t *testing.T) {
	declared := declaredStates(t)
	got := States()
	if len(declared) < 7 {
		t.Fatalf("found %d State constants, want at least 7: the parse is broken", len(declared))
	}
	for _, name := range declared {
		if !slices.Contains(got, name) {
			t.Errorf("state %q is declared but not ranked (not in States)", name)
		}
	}
	if len(got) != len(declared) {
		t.Errorf("States has %d states, the package declares %d", len(got), len(declared))
	}
	for i := 1; i < len(got); i++ {
		if !Worse(got[i], got[i-1]) {
			t.Errorf("States not ordered: %s after %s", got[i], got[i-1])
		}
	}
	if got[0] != OK || got[len(got)-1] != Expired {
		t.Errorf("States = %v, want ok first and expired last", got)
	}
}

// declaredStates are the values of the package's `X State = "…"` constants.
func declaredStates(t *testing.T) []State {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []State
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "State" {
				return true
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					out = append(out, State(strings.Trim(lit.Value, `"`)))
				}
			}
			return true
		})
	}
	return out
}

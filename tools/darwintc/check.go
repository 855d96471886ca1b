package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Result is what one run of the checker found.
type Result struct {
	Packages int // packages type-checked, dependencies included
	Errors   int // type errors and load errors in module code
}

// Check loads patterns (relative to dir) as GOOS=darwin GOARCH=arch with
// CGO_ENABLED=1 and type-checks every package, cgo files included, writing
// each error to out as one "darwin/ARCH: ..." line.
//
// There is no C compiler or macOS SDK on Linux, so `import "C"` is faked
// (go/types FakeImportC): every C.xxx reference is accepted as is and
// everything around it is checked. That is enough to catch what breaks a
// Mac build most often: Go-side mistakes in files that no Linux build and no
// darwin CGO_ENABLED=0 build ever compiles.
func Check(dir, arch string, patterns []string, out io.Writer) (Result, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Dir:  dir,
		Env:  append(os.Environ(), "GOOS=darwin", "GOARCH="+arch, "CGO_ENABLED=1"),
	}
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return Result{}, fmt.Errorf("load %s for darwin/%s: %w", strings.Join(patterns, " "), arch, err)
	}
	c := &checker{
		fset:  token.NewFileSet(),
		done:  map[string]*types.Package{},
		sizes: types.SizesFor("gc", arch),
		out:   out,
		arch:  arch,
	}
	for _, r := range roots {
		for _, e := range r.Errors {
			c.report(e)
		}
		c.check(r)
	}
	return Result{Packages: len(c.done), Errors: c.nerr}, nil
}

type checker struct {
	fset  *token.FileSet
	done  map[string]*types.Package
	sizes types.Sizes
	out   io.Writer
	arch  string
	nerr  int
}

func (c *checker) report(err error) {
	fmt.Fprintf(c.out, "darwin/%s: %v\n", c.arch, err)
	c.nerr++
}

func (c *checker) check(p *packages.Package) *types.Package {
	if p.PkgPath == "unsafe" {
		return types.Unsafe
	}
	if tp, ok := c.done[p.PkgPath]; ok {
		return tp
	}
	for _, imp := range p.Imports {
		c.check(imp)
	}
	// Standard library code is trusted: its errors (there are none in a
	// released Go) would only be noise next to the module's own.
	std := p.Module == nil
	var files []*ast.File
	// go/packages lists cgo files in GoFiles as long as no cgo
	// preprocessing was asked for (NeedTypes/NeedSyntax are not set).
	for _, f := range p.GoFiles {
		af, err := parser.ParseFile(c.fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			c.report(err)
			continue
		}
		files = append(files, af)
	}
	conf := types.Config{
		FakeImportC: true,
		Sizes:       c.sizes,
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			ip, ok := p.Imports[path]
			if !ok {
				return nil, fmt.Errorf("%s imports %q, which did not load", p.PkgPath, path)
			}
			return c.check(ip), nil
		}),
		Error: func(err error) {
			if !std {
				c.report(err)
			}
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + strings.TrimPrefix(p.Module.GoVersion, "go")
	}
	tp, _ := conf.Check(p.PkgPath, c.fset, files, nil)
	c.done[p.PkgPath] = tp
	return tp
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

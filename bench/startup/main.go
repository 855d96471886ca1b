// Command startup measures `authtray status --check` against its floor: a
// minimal Go program (bench/startup/readall) that reads every file of the
// same HOME. Both run interleaved, in pairs, under a clean environment
// (HOME and PATH only), and it prints median wall and CPU times and the
// ratio authtray ÷ floor, the same for `authtray --version` (the binary's
// start alone) and, given -sqlfloor, for bench/startup/sqlfloor (the same
// files, the databases read through modernc.org/sqlite: the floor of any
// program that reads the gateway's stores), then the package inits that
// authtray's start-up spends (GODEBUG=inittrace=1). bench/startup.sh builds both programs and
// runs it (and hyperfine, when installed).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

func main() {
	authtray := flag.String("authtray", "", "authtray binary (required)")
	floor := flag.String("floor", "", "the readall binary (required)")
	sqlFloor := flag.String("sqlfloor", "", "the sqlfloor binary (optional)")
	home := flag.String("home", "", "HOME to run in (default: a typical HOME built in a temp dir)")
	n := flag.Int("n", 200, "timed pairs")
	top := flag.Int("top", 12, "package inits to list")
	printHome := flag.Bool("print-home", false, "build the typical HOME in -home and exit")
	flag.Parse()
	if err := run(*authtray, *floor, *sqlFloor, *home, *n, *top, *printHome); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

func run(authtray, floor, sqlFloor, home string, n, top int, printHome bool) error {
	if printHome {
		return typicalHome(home)
	}
	if authtray == "" || floor == "" {
		return fmt.Errorf("-authtray and -floor are required")
	}
	// Both run from /, so that no relative path is read by accident.
	for _, p := range []*string{&authtray, &floor, &sqlFloor} {
		if *p == "" {
			continue
		}
		abs, err := filepath.Abs(*p)
		if err != nil {
			return err
		}
		*p = abs
	}
	if home == "" {
		dir, err := os.MkdirTemp("", "authtray-startup-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		home = filepath.Join(dir, "home")
		if err := typicalHome(home); err != nil {
			return err
		}
	}
	env := []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
	prog := []string{authtray, "status", "--check"}
	fs, ps, err := pairs(env, n, 5, []string{floor}, prog)
	if err != nil {
		return err
	}
	fmt.Printf("HOME %s, %d pairs, %s/%s, %d CPUs\n", home, n, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Printf("| program | median wall | median CPU | median page faults |\n|---|---:|---:|---:|\n")
	fmt.Printf("| floor: read every file of HOME (bench/startup/readall) | %s | %s | %d |\n", ms(median(walls(fs))), ms(median(cpus(fs))), median(faults(fs)))
	fmt.Printf("| `authtray status --check` | %s | %s | %d |\n", ms(median(walls(ps))), ms(median(cpus(ps))), median(faults(ps)))
	fmt.Printf("ratio authtray/floor (median of pairs): wall %.2fx, CPU %.2fx\n", pairRatio(fs, ps, walls), pairRatio(fs, ps, cpus))
	// `authtray --version` reads nothing: its ratio is what starting the
	// binary alone costs, the part of the gap no scan can close.
	vfs, vs, err := pairs(env, n, 5, []string{floor}, []string{authtray, "--version"})
	if err != nil {
		return err
	}
	fmt.Printf("`authtray --version` (start-up alone): %s wall, %s CPU, %d page faults; ratio to the floor: wall %.2fx, CPU %.2fx\n",
		ms(median(walls(vs))), ms(median(cpus(vs))), median(faults(vs)), pairRatio(vfs, vs, walls), pairRatio(vfs, vs, cpus))
	if sqlFloor != "" {
		if err := sqlFloorReport(env, n, floor, sqlFloor, prog); err != nil {
			return err
		}
	}
	rep, err := initReport(env, 20, top, prog)
	if err != nil {
		return err
	}
	fmt.Print(strings.TrimRight(rep, "\n") + "\n")
	return nil
}

// sqlFloorReport pairs sqlfloor with the floor, then authtray with
// sqlfloor: how much of the gap the SQLite driver alone makes, and what is
// left of it that is authtray's.
func sqlFloorReport(env []string, n int, floor, sqlFloor string, prog []string) error {
	fs, ss, err := pairs(env, n, 5, []string{floor}, []string{sqlFloor})
	if err != nil {
		return err
	}
	ss2, ps, err := pairs(env, n, 5, []string{sqlFloor}, prog)
	if err != nil {
		return err
	}
	fmt.Printf("sqlfloor (the same files, the databases through modernc.org/sqlite): %s wall, %s CPU, %d page faults; ratio to the floor: wall %.2fx, CPU %.2fx; authtray/sqlfloor: wall %.2fx, CPU %.2fx\n",
		ms(median(walls(ss))), ms(median(cpus(ss))), median(faults(ss)), pairRatio(fs, ss, walls), pairRatio(fs, ss, cpus), pairRatio(ss2, ps, walls), pairRatio(ss2, ps, cpus))
	return nil
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/authtray/authtray/core/scan"
	"github.com/authtray/authtray/core/settings"
)

// scanFlags are the flags status, metrics and watch share: what a scan
// reads and judges (--agent, --warn, --state-dir, --claude-dir) and which
// remote hosts it adds (--host, --all-hosts).
type scanFlags struct {
	warn                time.Duration
	agent               string
	stateDir, claudeDir string
	hosts               []string
	allHosts            bool
}

// flagSet is command cmd's flag set holding the shared flags, stored in f;
// the command adds its own. Its output is discarded: flagsDone prints the
// command's hand-written usage instead of the flag package's.
func (f *scanFlags) flagSet(cmd string) *flag.FlagSet {
	fl := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	f.add(fl)
	return fl
}

// add adds the shared flags to fl, stored in f.
func (f *scanFlags) add(fl *flag.FlagSet) {
	fl.StringVar(&f.agent, "agent", "", "")
	warnFlag(fl, &f.warn)
	dirFlags(fl, &f.stateDir, &f.claudeDir)
	hostFlags(fl, &f.hosts, &f.allHosts)
}

// adjust applies the flags to a scan input.
func (f scanFlags) adjust(in scan.Input) scan.Input {
	in.Warn, in.Agent = f.warn, f.agent
	return withDirs(in, f.stateDir, f.claudeDir)
}

// parseFlags parses args with fl; these commands take flags only, so an
// argument left over is an error.
func parseFlags(fl *flag.FlagSet, args []string) error {
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	return nil
}

// warnFlag adds --warn DURATION ("24h", "2d") to fl, stored in *d.
func warnFlag(fl *flag.FlagSet, d *time.Duration) {
	fl.Func("warn", "", func(s string) error {
		v, err := settings.ParseDuration(s)
		if err != nil {
			return err
		}
		if v <= 0 {
			return errors.New("warn window must be positive")
		}
		*d = v
		return nil
	})
}

// hostFlags adds the repeatable --host DEST and --all-hosts to fl.
func hostFlags(fl *flag.FlagSet, hosts *[]string, all *bool) {
	fl.Func("host", "", func(s string) error {
		*hosts = append(*hosts, s)
		return nil
	})
	fl.BoolVar(all, "all-hosts", false, "")
}

// dirFlags adds --state-dir DIR and --claude-dir DIR to fl: the gateway
// state dir and the Claude Code config dir to read instead of the defaults
// (a host's state_dir/claude_config_dir in settings.toml is passed to the
// host's authtray this way).
func dirFlags(fl *flag.FlagSet, stateDir, claudeDir *string) {
	fl.StringVar(stateDir, "state-dir", "", "")
	fl.StringVar(claudeDir, "claude-dir", "", "")
}

// withDirs points in at the dirs from dirFlags. The overrides go through the
// same variables the gateway and Claude Code read, so they resolve exactly
// as those programs would.
func withDirs(in scan.Input, stateDir, claudeDir string) scan.Input {
	if stateDir == "" && claudeDir == "" {
		return in
	}
	override := func(k string) (string, bool) {
		switch {
		case k == "OPENCLAW_STATE_DIR" && stateDir != "":
			return stateDir, true
		case k == "CLAUDE_CONFIG_DIR" && claudeDir != "":
			return claudeDir, true
		}
		return "", false
	}
	base := in.Getenv
	in.Getenv = func(k string) string {
		if v, ok := override(k); ok {
			return v
		}
		return base(k)
	}
	if lookup := in.LookupEnv; lookup != nil {
		// LookupEnv must agree with Getenv, or a reader asking whether a
		// variable is set would see the real environment.
		in.LookupEnv = func(k string) (string, bool) {
			if v, ok := override(k); ok {
				return v, true
			}
			return lookup(k)
		}
	}
	return in
}

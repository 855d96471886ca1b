package main

import (
	"errors"
	"flag"
	"time"

	"github.com/authtray/authtray/core/settings"
)

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

package main

import (
	"fmt"
	"io"
	"sync"
)

// logger prints one-line problems to stderr for a long-running command
// (never a secret: env.Stderr masks), one line at a time from any
// goroutine. With debug on (the tray's AUTHTRAY_DEBUG), Debugf prints
// progress too.
type logger struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
	debug  bool
}

func newLogger(w io.Writer, prefix string, debug bool) *logger {
	return &logger{w: w, prefix: prefix, debug: debug}
}

// Logf prints one line.
func (l *logger) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, l.prefix+format+"\n", args...)
}

// Debugf prints one line when debugging is on.
func (l *logger) Debugf(format string, args ...any) {
	if l.debug {
		l.Logf("debug: "+format, args...)
	}
}

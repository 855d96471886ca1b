package scan

import (
	"runtime"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// A reader that panics must not take the process down: Go exits 2 on an
// unrecovered panic, which `status --check` reads as "expiring", and a
// tray or watch would stop. guard turns the panic into one judged error
// row (grey, exit 1) and the other source is still read.
func guard(source profile.Source, what string, read func() []profile.Profile) (rows []profile.Profile) {
	defer func() {
		if r := recover(); r != nil {
			rows = []profile.Profile{{
				ID: "internal error@" + string(source), Source: source, State: profile.Error, Judged: true,
				Message: "authtray failed reading " + what + " (" + panicText(r) + "); please report it",
			}}
		}
	}()
	return read()
}

// guardWatches: without watches a live view still rescans on its timer.
func guardWatches(list func() []fsys.Watch) (ws []fsys.Watch) {
	defer func() {
		if recover() != nil {
			ws = nil
		}
	}()
	return list()
}

// panicText names a runtime error ("index out of range [3] with length
// 3"), which holds no data read; any other panic value could, so it is not
// shown.
func panicText(r any) string {
	if e, ok := r.(runtime.Error); ok {
		return "internal error: " + e.Error()
	}
	return "internal error"
}

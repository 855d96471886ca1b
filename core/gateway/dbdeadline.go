package gateway

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// dbDeadline bounds one database read. SQLite opens the files itself,
// after openRO has looked at them: a file swapped for a FIFO in between,
// or a hung network file system, would block that open for good. The read
// then gives up with errNoAnswer and the scan goes on. It is far above a
// normal read (milliseconds) plus the busy retries and copyBudget.
var dbDeadline = 10 * time.Second

// errNoAnswer is a read that did not finish within dbDeadline.
var errNoAnswer = fmt.Errorf("it did not answer within %v (a special file, or a file system that hangs?); try again", dbDeadline)

// readBounded runs read with dbDeadline. When the deadline passes first,
// read is left running (it cannot be interrupted inside open) and release
// unblocks it where it can.
func readBounded[T any](ctx context.Context, path string, read func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, dbDeadline)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	runWarm(func() {
		v, err := read(ctx)
		ch <- result{v, err}
	})
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		release(path)
		var zero T
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return zero, errNoAnswer
		}
		return zero, ctx.Err()
	}
}

// release unblocks an open of a FIFO at path or beside it (-wal, -shm,
// -journal) that waits for a writer: opening it for writing, without
// blocking, lets the waiting open return (its reads then see the end of
// the file, and the abandoned read fails). Nothing is written.
func release(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
			continue
		}
		if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0); err == nil {
			f.Close()
		}
	}
}

// idle are goroutines that finished a read and wait for the next one.
// SQLite's call stack is deep: on a fresh goroutine it grows its stack
// several times per read, which cost more than the read itself (a scan of
// four small databases took 0.5 ms longer). A goroutine stuck in an open
// never comes back; one finding the pool full ends.
var idle = make(chan chan func(), 4)

// runWarm runs f on an idle goroutine, or on a new one.
func runWarm(f func()) {
	select {
	case r := <-idle:
		r <- f
		return
	default:
	}
	r := make(chan func(), 1)
	r <- f
	go func() {
		for f := range r {
			f()
			select {
			case idle <- r:
			default:
				return
			}
		}
	}()
}

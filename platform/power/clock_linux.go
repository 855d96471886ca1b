package power

import (
	"context"
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// clockChanged waits on a clockSetTimer and re-arms it after each report.
func clockChanged(ctx context.Context) <-chan struct{} {
	t, err := newClockSetTimer()
	if err != nil {
		return nil
	}
	out := make(chan struct{}, 1)
	go func() {
		<-ctx.Done()
		t.Close() // unblocks wait
	}()
	go func() {
		for {
			if err := t.arm(time.Now().Add(armAhead)); err != nil {
				t.Close()
				return
			}
			set, err := t.wait()
			if err != nil {
				return // closed
			}
			if set {
				signal(out)
			}
		}
	}()
	return out
}

// armAhead is how far ahead the timer is armed: it is not meant to expire,
// only to be cancelled. Should it expire (a year without a clock change),
// it is just re-armed.
const armAhead = 365 * 24 * time.Hour

// clockSetTimer is a timerfd on CLOCK_REALTIME armed for an absolute instant
// with TFD_TIMER_CANCEL_ON_SET: the kernel cancels it whenever the clock is
// set, and a read then fails with ECANCELED. That is the one way to hear of
// a clock change on Linux without polling. (On resume the kernel also
// counts the injected sleep time as a clock set on recent kernels; logind's
// PrepareForSleep covers the others.)
type clockSetTimer struct {
	f *os.File
}

func newClockSetTimer() (*clockSetTimer, error) {
	// Non-blocking, so that os.File puts it in the runtime poller: Read
	// parks the goroutine instead of a thread, and Close wakes it.
	fd, err := unix.TimerfdCreate(unix.CLOCK_REALTIME, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("timerfd_create", err)
	}
	return &clockSetTimer{f: os.NewFile(uintptr(fd), "timerfd")}, nil
}

// arm sets the timer to expire at the wall-clock instant at, or to be
// cancelled by a clock set before then.
func (t *clockSetTimer) arm(at time.Time) error {
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(at.UnixNano())}
	rc, err := t.f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		serr = unix.TimerfdSettime(int(fd), unix.TFD_TIMER_ABSTIME|unix.TFD_TIMER_CANCEL_ON_SET, &spec, nil)
	}); err != nil {
		return err
	}
	return os.NewSyscallError("timerfd_settime", serr)
}

// wait blocks until the clock is set (true) or the timer expires (false),
// and fails once the timer is closed.
func (t *clockSetTimer) wait() (bool, error) {
	var buf [8]byte
	_, err := t.f.Read(buf[:])
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, unix.ECANCELED):
		return true, nil
	}
	return false, err
}

func (t *clockSetTimer) Close() error { return t.f.Close() }

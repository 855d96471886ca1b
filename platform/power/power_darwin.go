//go:build darwin && cgo

package power

// Both sources are delivered without a run loop, so they work in the tray
// (whose main thread runs the AppKit loop) and in `authtray watch` (which
// has none) alike. IOKit's power messages go to a dispatch queue; the clock
// change comes from notify(3), the kernel-posted "com.apple.system.clock_set"
// (kNotifyClockSet) that NSSystemClockDidChangeNotification is built on,
// read from a file descriptor. C writes a byte to a pipe on each wake, so
// no Go code is called from C.

/*
#cgo LDFLAGS: -framework IOKit
#include <IOKit/pwr_mgt/IOPMLib.h>
#include <IOKit/IOMessage.h>
#include <dispatch/dispatch.h>
#include <notify.h>
#include <unistd.h>

static io_connect_t rootPort;
static int wakeFD = -1;

static void powerCallback(void *refcon, io_service_t service, natural_t type, void *arg) {
	switch (type) {
	case kIOMessageCanSystemSleep:
	case kIOMessageSystemWillSleep:
		// Sleep waits (up to 30 s) for every registered client to allow it.
		IOAllowPowerChange(rootPort, (long)arg);
		break;
	case kIOMessageSystemHasPoweredOn: {
		char b = 1;
		(void)write(wakeFD, &b, 1);
		break;
	}
	}
}

static int watchPower(int fd) {
	IONotificationPortRef port;
	io_object_t notifier;
	wakeFD = fd;
	rootPort = IORegisterForSystemPower(NULL, &port, powerCallback, &notifier);
	if (rootPort == MACH_PORT_NULL) {
		return -1;
	}
	IONotificationPortSetDispatchQueue(port, dispatch_get_global_queue(DISPATCH_QUEUE_PRIORITY_DEFAULT, 0));
	return 0;
}

static int watchClock(void) {
	int fd = -1, token;
	if (notify_register_file_descriptor("com.apple.system.clock_set", &fd, 0, &token) != NOTIFY_STATUS_OK) {
		return -1;
	}
	return fd;
}
*/
import "C"

import (
	"context"
	"os"
	"sync"
	"syscall"
)

// powerOnce: IOKit's registration is process-wide (one callback, one pipe).
var (
	powerOnce sync.Once
	powerFile *os.File
)

// resumed reports kIOMessageSystemHasPoweredOn. The registration lives as
// long as the process; ctx only stops the delivery.
func resumed(ctx context.Context) <-chan struct{} {
	powerOnce.Do(func() {
		var p [2]int
		if err := syscall.Pipe(p[:]); err != nil {
			return
		}
		// Non-blocking both ways: the callback must never stall IOKit's
		// queue, and a non-blocking read end is in the runtime poller.
		syscall.SetNonblock(p[0], true)
		syscall.SetNonblock(p[1], true)
		if C.watchPower(C.int(p[1])) != 0 {
			syscall.Close(p[0])
			syscall.Close(p[1])
			return
		}
		powerFile = os.NewFile(uintptr(p[0]), "power")
	})
	if powerFile == nil {
		return nil
	}
	return relay(ctx, powerFile, 1, false)
}

// clockChanged reports notify(3)'s clock-set notification; each one writes
// a 4-byte token to the descriptor.
func clockChanged(ctx context.Context) <-chan struct{} {
	fd := int(C.watchClock())
	if fd < 0 {
		return nil
	}
	syscall.SetNonblock(fd, true)
	return relay(ctx, os.NewFile(uintptr(fd), "notify"), 4, true)
}

// relay turns reads from f into events until ctx ends (closing f when
// owned, which wakes the read).
func relay(ctx context.Context, f *os.File, size int, owned bool) <-chan struct{} {
	out := make(chan struct{}, 1)
	if owned {
		go func() { <-ctx.Done(); f.Close() }()
	}
	go func() {
		buf := make([]byte, size)
		for {
			if _, err := f.Read(buf); err != nil {
				return
			}
			if ctx.Err() != nil {
				return
			}
			signal(out)
		}
	}()
	return out
}

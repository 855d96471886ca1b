package power

import (
	"context"
	"time"

	"github.com/godbus/dbus/v5"
)

// resumed listens to logind's PrepareForSleep(false) on the system bus.
func resumed(ctx context.Context) <-chan struct{} {
	conn, err := connect(2 * time.Second)
	if err != nil {
		return nil
	}
	if err := conn.AddMatchSignal(
		dbus.WithMatchInterface("org.freedesktop.login1.Manager"),
		dbus.WithMatchMember("PrepareForSleep"),
		dbus.WithMatchObjectPath("/org/freedesktop/login1"),
	); err != nil {
		conn.Close()
		return nil
	}
	sig := make(chan *dbus.Signal, 4)
	conn.Signal(sig)
	out := make(chan struct{}, 1)
	go func() {
		defer conn.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case s, ok := <-sig:
				if !ok {
					return
				}
				if isResume(s) {
					signal(out)
				}
			}
		}
	}()
	return out
}

// isResume: PrepareForSleep(true) is sent before sleeping, (false) after.
func isResume(s *dbus.Signal) bool {
	if s == nil || s.Name != "org.freedesktop.login1.Manager.PrepareForSleep" || len(s.Body) != 1 {
		return false
	}
	going, ok := s.Body[0].(bool)
	return ok && !going
}

// connect dials the system bus with a deadline: a wedged bus must not hold
// up the tray's start.
func connect(timeout time.Duration) (*dbus.Conn, error) {
	type result struct {
		c   *dbus.Conn
		err error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := dbus.ConnectSystemBus()
		ch <- result{c, err}
	}()
	select {
	case r := <-ch:
		return r.c, r.err
	case <-time.After(timeout):
		go func() {
			if r := <-ch; r.c != nil {
				r.c.Close()
			}
		}()
		return nil, context.DeadlineExceeded
	}
}

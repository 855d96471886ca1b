//go:build linux

package notify

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/draw"
	"image/png"
	"sync"

	"github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"

	"github.com/authtray/authtray/core/alert"
)

const (
	serverPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	sigAction   = serverName + ".ActionInvoked"
	sigClosed   = serverName + ".NotificationClosed"
	maxInFlight = 64 // notifications whose actions are remembered
)

// actionBus is one session-bus connection of the notifier's own: it sends
// notifications and hears their ActionInvoked and NotificationClosed
// signals, which the server sends to the connection that sent the
// notification (or broadcasts). One goroutine listens per connection. A
// dropped connection is forgotten (its notifications' actions with it:
// their signals would go to a name that is gone) and the next Send
// connects again. The zero value is ready; it is safe for concurrent use.
type actionBus struct {
	mu   sync.Mutex
	conn *dbus.Conn
	end  context.CancelFunc
	// sent are the notifications shown with actions, by the server's id,
	// oldest first in order, at most maxInFlight.
	sent  map[uint32]shown
	order []uint32
}

// shown is a notification with actions: what it said, which server
// showed it (its unique bus name: a signal from anyone else is not its
// answer), and who handles its actions.
type shown struct {
	m      alert.Message
	server string
	handle func(string, alert.Message)
}

// capabilities asks the server what it shows, connecting when needed.
func (b *actionBus) capabilities() (map[string]bool, error) {
	conn, err := b.connection()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	var list []string
	if err := conn.Object(serverName, serverPath).CallWithContext(ctx, serverName+".GetCapabilities", 0).Store(&list); err != nil {
		return nil, err
	}
	caps := map[string]bool{}
	for _, c := range list {
		caps[c] = true
	}
	return caps, nil
}

// notify shows one notification; with actions, it remembers it so that
// its actions reach handle.
func (b *actionBus) notify(summary, body string, icon []byte, actions []string, m alert.Message, handle func(string, alert.Message)) error {
	conn, err := b.connection()
	if err != nil {
		return err
	}
	hints := map[string]dbus.Variant{}
	h := notify.HintUrgency(notify.UrgencyNormal)
	hints[h.ID] = h.Variant
	if img := rgba(icon); img != nil {
		h := notify.HintImageDataRGBA(img)
		hints[h.ID] = h.Variant
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*checkTimeout)
	defer cancel()
	var owner string
	if len(actions) > 0 {
		if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, serverName).Store(&owner); err != nil {
			return err
		}
	}
	if actions == nil {
		actions = []string{}
	}
	var id uint32
	call := conn.Object(serverName, serverPath).CallWithContext(ctx, serverName+".Notify", 0,
		AppName, uint32(0), "", summary, body, actions, hints, int32(-1))
	if err := call.Store(&id); err != nil {
		return err
	}
	if len(actions) > 0 && handle != nil {
		b.remember(conn, id, shown{m: m, server: owner, handle: handle})
	}
	return nil
}

// remember keeps id's message for its actions, forgetting the oldest
// beyond maxInFlight (a server that never says a notification closed
// must not grow this without bound).
func (b *actionBus) remember(conn *dbus.Conn, id uint32, s shown) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != conn {
		return
	}
	if b.sent == nil {
		b.sent = map[uint32]shown{}
	}
	if _, ok := b.sent[id]; !ok {
		b.order = append(b.order, id)
	}
	b.sent[id] = s
	for len(b.order) > maxInFlight {
		delete(b.sent, b.order[0])
		b.order = b.order[1:]
	}
}

// take returns and forgets id's notification when sender is the server
// that showed it.
func (b *actionBus) take(conn *dbus.Conn, id uint32, sender string) (shown, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.sent[id]
	if b.conn != conn || !ok || s.server != sender {
		return shown{}, false
	}
	delete(b.sent, id)
	for i, o := range b.order {
		if o == id {
			b.order = append(b.order[:i], b.order[i+1:]...)
			break
		}
	}
	return s, true
}

// inFlight is how many notifications' actions are remembered.
func (b *actionBus) inFlight() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.sent)
}

// connection returns the connection, connecting with the listener.
func (b *actionBus) connection() (*dbus.Conn, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != nil && b.conn.Connected() {
		return b.conn, nil
	}
	b.dropLocked()
	addr := sessionAddr()
	if addr == "" {
		return nil, errors.New("no session bus")
	}
	life, end := context.WithCancel(context.Background())
	conn, err := dbus.Connect(addr, dbus.WithContext(life))
	if err != nil {
		end()
		return nil, err
	}
	// Servers that broadcast their signals need a match rule; the daemon
	// checks the sender is the name's owner.
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(serverName), dbus.WithMatchObjectPath(serverPath),
		dbus.WithMatchInterface(serverName)); err != nil {
		conn.Close()
		end()
		return nil, err
	}
	sigs := make(chan *dbus.Signal, 16)
	conn.Signal(sigs)
	b.conn, b.end = conn, end
	go b.listen(conn, sigs)
	return conn, nil
}

// listen hands each action to its handler and forgets closed
// notifications, until the connection closes.
func (b *actionBus) listen(conn *dbus.Conn, sigs <-chan *dbus.Signal) {
	for sig := range sigs {
		if sig.Path != serverPath || len(sig.Body) < 2 {
			continue
		}
		id, ok := sig.Body[0].(uint32)
		if !ok {
			continue
		}
		switch sig.Name {
		case sigAction:
			key, ok := sig.Body[1].(string)
			if !ok {
				continue
			}
			if s, ok := b.take(conn, id, sig.Sender); ok {
				go s.handle(key, s.m)
			}
		case sigClosed:
			b.take(conn, id, sig.Sender)
		}
	}
	b.mu.Lock()
	if b.conn == conn {
		b.dropLocked()
	}
	b.mu.Unlock()
}

// dropLocked closes the connection and forgets its notifications. b.mu
// is held.
func (b *actionBus) dropLocked() {
	if b.conn != nil {
		b.conn.Close()
		b.end()
	}
	b.conn, b.end, b.sent, b.order = nil, nil, nil, nil
}

func (b *actionBus) close() {
	b.mu.Lock()
	b.dropLocked()
	b.mu.Unlock()
}

// rgba decodes a PNG icon for the image-data hint (nil: none).
func rgba(b []byte) *image.RGBA {
	if len(b) == 0 {
		return nil
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	r := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(r, r.Bounds(), img, img.Bounds().Min, draw.Src)
	return r
}

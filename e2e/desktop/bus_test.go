package desktope2e

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// item is authtray's StatusNotifierItem as a host sees it.
type item struct {
	d    *desktop
	name string // org.kde.StatusNotifierItem-<pid>-1
}

const itemPath = "/StatusNotifierItem"

func (d *desktop) item(pid int) *item {
	return &item{d: d, name: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", pid)}
}

// registered reports whether the watcher lists the item, by the unique name
// of the connection that owns it (xfce lists ":1.15/StatusNotifierItem").
func (it *item) registered() bool {
	var owner string
	if err := it.d.conn.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, it.name).Store(&owner); err != nil {
		return false
	}
	v, err := it.d.prop("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher.RegisteredStatusNotifierItems")
	if err != nil {
		return false
	}
	items, _ := v.([]string)
	for _, s := range items {
		if s == owner || strings.HasPrefix(s, owner+"/") || s == it.name || strings.HasPrefix(s, it.name+"/") {
			return true
		}
	}
	return false
}

func (it *item) prop(name string) (any, error) {
	return it.d.prop(it.name, itemPath, "org.kde.StatusNotifierItem."+name)
}

// tooltip is the ToolTip property's title and description.
func (it *item) tooltip() (string, error) {
	v, err := it.prop("ToolTip")
	if err != nil {
		return "", err
	}
	f, ok := v.([]any)
	if !ok || len(f) != 4 {
		return "", fmt.Errorf("ToolTip is %T %v", v, v)
	}
	title, _ := f[2].(string)
	desc, _ := f[3].(string)
	return strings.TrimSpace(title + " " + desc), nil
}

// iconColour is the most common opaque colour of the largest IconPixmap
// (ARGB32, network byte order, as the SNI spec says).
func (it *item) iconColour() (color.RGBA, error) {
	v, err := it.prop("IconPixmap")
	if err != nil {
		return color.RGBA{}, err
	}
	pixmaps, ok := v.([][]any)
	if !ok || len(pixmaps) == 0 {
		return color.RGBA{}, fmt.Errorf("IconPixmap is %T %v", v, v)
	}
	var best []byte
	for _, pm := range pixmaps {
		if data, ok := pm[2].([]byte); ok && len(data) > len(best) {
			best = data
		}
	}
	counts := map[color.RGBA]int{}
	for i := 0; i+3 < len(best); i += 4 {
		if best[i] == 0xFF {
			counts[color.RGBA{best[i+1], best[i+2], best[i+3], 0xFF}]++
		}
	}
	var top color.RGBA
	for c, n := range counts {
		if n > counts[top] {
			top = c
		}
	}
	if counts[top] == 0 {
		return top, fmt.Errorf("IconPixmap has no opaque pixel (%d bytes)", len(best))
	}
	return top, nil
}

// entry is one dbusmenu item.
type entry struct {
	ID       int32
	Label    string
	Enabled  bool
	Visible  bool
	Toggle   int32 // -1 when not a checkbox
	Children []entry
}

// layout returns the visible menu tree from com.canonical.dbusmenu.GetLayout.
func (it *item) layout() ([]entry, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var rev uint32
	var root struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	err := it.d.conn.Object(it.name, itemPath+"/menu").CallWithContext(ctx, "com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &root)
	if err != nil {
		return nil, err
	}
	return children(root.Children)
}

func children(vs []dbus.Variant) ([]entry, error) {
	var out []entry
	for _, v := range vs {
		f, ok := v.Value().([]any)
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("menu node is %T", v.Value())
		}
		id, _ := f[0].(int32)
		props, _ := f[1].(map[string]dbus.Variant)
		// Nested children arrive as []dbus.Variant or as []any of
		// variants, depending on the signature the item gave them.
		kids, _ := f[2].([]dbus.Variant)
		if l, ok := f[2].([]any); ok {
			for _, k := range l {
				if kv, ok := k.(dbus.Variant); ok {
					kids = append(kids, kv)
				} else {
					kids = append(kids, dbus.MakeVariant(k))
				}
			}
		}
		e := entry{ID: id, Enabled: true, Visible: true, Toggle: -1}
		if p, ok := props["label"]; ok {
			l, _ := p.Value().(string)
			e.Label = shown(l)
		}
		if p, ok := props["type"]; ok && p.Value() == "separator" {
			e.Label = "----"
		}
		if p, ok := props["enabled"]; ok {
			e.Enabled, _ = p.Value().(bool)
		}
		if p, ok := props["visible"]; ok {
			e.Visible, _ = p.Value().(bool)
		}
		if p, ok := props["toggle-state"]; ok {
			e.Toggle, _ = p.Value().(int32)
		}
		var err error
		if e.Children, err = children(kids); err != nil {
			return nil, err
		}
		if e.Visible {
			out = append(out, e)
		}
	}
	return out, nil
}

// shown is a dbusmenu label as a host draws it: "__" is a literal
// underscore, a single "_" marks the access key and is not drawn.
func shown(label string) string {
	var b strings.Builder
	for i := 0; i < len(label); i++ {
		if label[i] == '_' {
			if i+1 < len(label) && label[i+1] == '_' {
				b.WriteByte('_')
				i++
			}
			continue
		}
		b.WriteByte(label[i])
	}
	return b.String()
}

// labels flattens a menu to "label" lines, submenu items indented.
func labels(es []entry) []string {
	var out []string
	var walk func([]entry, string)
	walk = func(es []entry, indent string) {
		for _, e := range es {
			out = append(out, indent+e.Label)
			walk(e.Children, indent+"    ")
		}
	}
	walk(es, "")
	return out
}

// find returns the first item whose label has the prefix, depth first.
func find(es []entry, prefix string) (entry, bool) {
	for _, e := range es {
		if strings.HasPrefix(e.Label, prefix) {
			return e, true
		}
		if c, ok := find(e.Children, prefix); ok {
			return c, true
		}
	}
	return entry{}, false
}

// click sends what a host sends when the user clicks an item.
func (it *item) click(id int32) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return it.d.conn.Object(it.name, itemPath+"/menu").CallWithContext(ctx, "com.canonical.dbusmenu.Event", 0,
		id, "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix())).Err
}

// notification is one org.freedesktop.Notifications.Notify call. Markup is
// the body as sent; Body is what dunst, which reads body markup, shows.
type notification struct {
	App, Summary, Body string
	Markup             string
	// Actions are the Notify call's actions, key and label pairs joined
	// with "|".
	Actions string
	At      time.Time
}

// shownBody is a body as a server with body markup shows it (authtray
// escapes only &, < and >).
var shownBody = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace

func (n notification) String() string { return fmt.Sprintf("[%s] %s | %s", n.App, n.Summary, n.Body) }

// monitor records every notification the server accepted (a Notify call on
// the bus and its reply), through a connection that became a D-Bus monitor
// (org.freedesktop.DBus.Monitoring.BecomeMonitor).
type monitor struct {
	mu   sync.Mutex
	seen []notification
}

// watchNotifications starts a monitor and returns once it is attached, so
// no notification sent afterwards is missed.
func (d *desktop) watchNotifications() *monitor {
	d.t.Helper()
	conn, err := dbus.Connect(d.bus)
	if err != nil {
		d.t.Fatalf("monitor connection: %v", err)
	}
	// godbus drops what does not fit; the monitor sees every method return
	// on the bus (GetLayout polls included), so the buffer is roomy.
	ch := make(chan *dbus.Message, 4096)
	conn.Eavesdrop(ch)
	d.t.Cleanup(func() {
		// Detach before Close: godbus's Close closes the channel but its
		// reader may still send a late message on it (a panic).
		conn.Eavesdrop(nil)
		close(ch)
		conn.Close()
	})
	rules := []string{
		"type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
		"type='method_return'",
		"type='error'",
	}
	// The reply arrives on ch too (a monitor's connection gets every
	// message there), so the call is not waited on; a monitor loses its
	// unique name at once, and that NameLost signal says it is attached.
	conn.BusObject().Go("org.freedesktop.DBus.Monitoring.BecomeMonitor", 0, nil, rules, uint32(0))
	m := &monitor{}
	attached := make(chan struct{})
	go func() {
		once := sync.Once{}
		// A monitor also sees calls the bus refuses (no server owns the
		// name yet): a notification counts once the server replies.
		type call struct {
			sender string
			serial uint32
		}
		pending := map[call]notification{}
		for msg := range ch {
			switch msg.Type {
			case dbus.TypeSignal:
				once.Do(func() { close(attached) })
			case dbus.TypeMethodCall:
				member, _ := msg.Headers[dbus.FieldMember].Value().(string)
				if member != "Notify" || len(msg.Body) < 5 {
					continue
				}
				sender, _ := msg.Headers[dbus.FieldSender].Value().(string)
				n := notification{}
				n.App, _ = msg.Body[0].(string)
				n.Summary, _ = msg.Body[3].(string)
				n.Markup, _ = msg.Body[4].(string)
				n.Body = shownBody(n.Markup)
				if len(msg.Body) > 5 {
					acts, _ := msg.Body[5].([]string)
					n.Actions = strings.Join(acts, "|")
				}
				pending[call{sender, msg.Serial()}] = n
			case dbus.TypeMethodReply, dbus.TypeError:
				once.Do(func() { close(attached) })
				dest, _ := msg.Headers[dbus.FieldDestination].Value().(string)
				serial, _ := msg.Headers[dbus.FieldReplySerial].Value().(uint32)
				k := call{dest, serial}
				n, ok := pending[k]
				if !ok {
					continue
				}
				delete(pending, k)
				if msg.Type == dbus.TypeMethodReply {
					n.At = time.Now()
					m.mu.Lock()
					m.seen = append(m.seen, n)
					m.mu.Unlock()
				}
			}
		}
	}()
	select {
	case <-attached:
	case <-time.After(5 * time.Second):
		d.t.Fatal("the notification monitor did not attach in 5 s")
	}
	return m
}

// all returns the notifications seen so far.
func (m *monitor) all() []notification {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]notification(nil), m.seen...)
}

// since returns the notifications seen after the first n.
func (m *monitor) since(n int) []notification {
	all := m.all()
	if n > len(all) {
		return nil
	}
	return all[n:]
}

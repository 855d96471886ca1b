//go:build linux || (darwin && cgo)

package tray

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"fyne.io/systray"

	"github.com/authtray/authtray/core/profile"
)

// Run shows the tray until ctx is done or the user quits, and returns the
// exit code. It never panics: no session bus means one line and exit 1
// (notifications need that bus too, so there is nothing left to run for);
// no tray host yet means one line and keep running — fyne systray registers
// again when a StatusNotifierWatcher appears.
func Run(ctx context.Context, app *App, logf func(string, ...any)) (code int) {
	watcher, err := checkDesktop(2 * time.Second)
	if err != nil {
		logf("%s", NoBusMessage)
		return 1
	}
	if app.Claim != nil && !app.Claim() {
		return 0
	}
	if !watcher && NoWatcherMessage != "" {
		logf("%s", NoWatcherMessage)
	}
	defer func() {
		// A panic inside systray (a bus that vanished mid-run) must not
		// crash the session's autostart with a stack trace. This covers
		// Run's goroutine only: every goroutine the binding starts guards
		// itself (App.guard).
		if r := recover(); r != nil {
			logf("The tray stopped unexpectedly (%v); `authtray status` still works.", r)
			code = 1
		}
	}()
	if app.Start != nil {
		app.Start()
	}
	b := &binding{app: app, ctx: ctx, logf: logf}
	systray.Run(b.ready, func() {})
	return 0
}

type binding struct {
	app    *App
	ctx    context.Context
	cancel context.CancelFunc // cancels the click handlers of the current menu
	state  profile.State
	logf   func(string, ...any)
}

// ready runs on a goroutine of systray's, once the tray is exported.
func (b *binding) ready() {
	b.app.guard(b.logf, "Showing the tray", b.show)
}

func (b *binding) show() {
	if runtime.GOOS != "darwin" {
		// The SNI title is the app's name to hosts; on macOS the title is
		// the text beside the icon and set per snapshot.
		systray.SetTitle("authtray")
	}
	b.setIcon(profile.OK)
	b.state = ""
	sub := b.app.Source.Subscribe()
	go func() {
		b.app.follow(b.ctx, sub, b.apply, b.logf)
		if b.ctx.Err() != nil {
			systray.Quit()
		}
	}()
}

func (b *binding) setIcon(s profile.State) {
	if runtime.GOOS == "darwin" {
		systray.SetTemplateIcon(TemplateIcon(s), Icon(s))
		return
	}
	systray.SetIcon(TrayIcon(s))
}

// apply rebuilds the whole menu (tailscale style): items cannot be iterated
// or separators removed, so patching is more fragile than starting over.
func (b *binding) apply(m Menu) {
	if b.cancel != nil {
		b.cancel()
	}
	ctx, cancel := context.WithCancel(b.ctx)
	b.cancel = cancel
	if m.State != b.state {
		b.setIcon(m.State)
		b.state = m.State
	}
	systray.SetTooltip(m.Tooltip)
	if runtime.GOOS == "darwin" {
		systray.SetTitle(m.Title)
	}
	systray.ResetMenu()
	for _, it := range m.Items {
		b.add(ctx, nil, it)
	}
	b.app.debugf("menu rebuilt: %d items, icon %s, tooltip %q", count(m.Items), m.State, m.Tooltip)
}

func (b *binding) add(ctx context.Context, parent *systray.MenuItem, it Item) {
	if it.Separator {
		if parent == nil {
			systray.AddSeparator()
		} else {
			parent.AddSeparator()
		}
		return
	}
	label := menuLabel(it.Label)
	var mi *systray.MenuItem
	switch {
	case parent == nil && it.Checkbox:
		mi = systray.AddMenuItemCheckbox(label, it.Tooltip, it.Checked)
	case parent == nil:
		mi = systray.AddMenuItem(label, it.Tooltip)
	case it.Checkbox:
		mi = parent.AddSubMenuItemCheckbox(label, it.Tooltip, it.Checked)
	default:
		mi = parent.AddSubMenuItem(label, it.Tooltip)
	}
	if !it.Enabled {
		mi.Disable()
	}
	for _, c := range it.Children {
		b.add(ctx, mi, c)
	}
	if it.Action.Kind == None {
		return
	}
	go b.app.guard(b.logf, fmt.Sprintf("Watching %q for clicks", it.Label), func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-mi.ClickedCh:
				if it.Action.Kind == Quit {
					b.app.debugf("clicked %q", it.Label)
					systray.Quit()
					return
				}
				// The action outlives this menu: a rebuild while a terminal
				// starts must not cancel it.
				go b.app.click(b.ctx, it, b.logf)
			}
		}
	})
}

// menuLabel escapes a label for dbusmenu, where "_" marks the next letter as
// the access key and "__" is a literal underscore: without it, hosts show
// CLAUDE_CODE_OAUTH_TOKEN as "CLAUDECODEOAUTHTOKEN". macOS labels are
// literal.
func menuLabel(s string) string {
	if runtime.GOOS == "darwin" {
		return s
	}
	return strings.ReplaceAll(s, "_", "__")
}

func count(items []Item) int {
	n := 0
	for _, it := range items {
		n += 1 + count(it.Children)
	}
	return n
}

package desktope2e

import (
	"image"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/tray"
)

// TestScreenshots rewrites the README's screenshots from a real run:
//
//	make screenshots   # AUTHTRAY_SCREENSHOTS=1 go test -run '^TestScreenshots$' ./e2e/desktop
//
// It starts the headless desktop (Xvfb, xfce4-panel, dunst) and the tray on
// a HOME whose Claude Code login ends in 3 h (expiring) and whose gateway
// token expired 2 h ago (expired), then writes docs/screenshots/:
// notification.png (dunst's popups), tray-menu.png (the panel with the menu
// open) and tray-icon.png (the icon at its real 22 px on the light panel and
// on the same panel turned dark, 4× close-up). Each shot is taken only once
// the glyph on screen matches tray.PanelRender pixel for pixel, so a screenshot
// cannot show a stale or scaled icon. Without AUTHTRAY_SCREENSHOTS it skips.
func TestScreenshots(t *testing.T) {
	if os.Getenv("AUTHTRAY_SCREENSHOTS") == "" {
		t.Skip("set AUTHTRAY_SCREENSHOTS=1 (make screenshots) to rewrite docs/screenshots/*.png")
	}
	d, mon := newFullDesktop(t)
	f := newFixture(t, d.dir, time.Now(), 3*time.Hour, -(2*time.Hour + 30*time.Second))
	stub := writeClaudeStub(t, d.dir) // claude on PATH, as on a real machine
	a := d.startApp(t, f, "PATH="+stub.dir+":/usr/bin:/bin", "TERMINAL=xterm")
	a.waitMenu(t, d, 10*time.Second, has("anthropic:manual"))
	d.waitFor(t, "2 notifications", 10*time.Second, func() bool { return len(mon.all()) >= 2 })

	corner := waitGlyph(t, d, profile.Expired)
	time.Sleep(time.Second) // dunst fades its popups in
	shot := d.screenshot(t)
	light := iconCrop(shot, corner)
	below := image.Rect(0, panelHeight+4, shot.Bounds().Dx(), shot.Bounds().Dy()) // not the panel's bottom edge
	savePNG(t, "notification.png", contentCrop(shot, below, 12))

	centre := corner.Add(image.Pt(tray.TraySize/2, tray.TraySize/2))
	xdo(t, d, "mousemove", strconv.Itoa(centre.X), strconv.Itoa(centre.Y), "click", "1")
	d.waitFor(t, "the tray menu window", 5*time.Second, func() bool { return menuWindow(d) != "" })
	time.Sleep(500 * time.Millisecond) // let GTK finish painting the popup
	shot = d.screenshot(t)
	savePNG(t, "tray-menu.png", contentCrop(shot, shot.Bounds(), 12))
	xdo(t, d, "key", "Escape")
	d.waitFor(t, "the menu to close", 5*time.Second, func() bool { return menuWindow(d) == "" })
	xdo(t, d, "mousemove", "700", "500") // no hover highlight on the icon

	// The same panel, dark: the glyph's halo is what sets it apart there.
	panelBackground(t, d, 0.13, 0.13, 0.13)
	d.waitFor(t, "the panel to turn dark", 5*time.Second, func() bool {
		c := rgbaAt(d.screenshot(t), corner.X, corner.Y)
		return c.R < 0x40 && c.G < 0x40 && c.B < 0x40
	})
	corner = waitGlyph(t, d, profile.Expired)
	dark := iconCrop(d.screenshot(t), corner)
	both := sideBySide(light, dark)
	savePNG(t, "tray-icon.png", scale(both, both.Bounds(), 4))
}

const panelHeight = 32 // panelXML's size

// waitGlyph waits for the state's glyph on the panel, pixel for pixel, and
// returns its top left corner.
func waitGlyph(t *testing.T, d *desktop, s profile.State) image.Point {
	t.Helper()
	var at image.Point
	var off int
	d.waitFor(t, "the "+string(s)+" glyph on the panel", 10*time.Second, func() bool {
		at, off = findIcon(d.screenshot(t), image.Rect(0, 0, 400, panelHeight), s)
		return off <= 4
	})
	t.Logf("the %s glyph is at %v, %d pixels off", s, at, off)
	return at
}

// iconCrop is the panel's full height around the glyph at corner, with a
// margin of panel on each side.
func iconCrop(img image.Image, corner image.Point) image.Image {
	const margin = 6
	r := image.Rect(corner.X-margin, 0, corner.X+tray.TraySize+margin, panelHeight).Intersect(img.Bounds())
	return crop(img, r)
}

// contentCrop is r cut down to what is not the bare black root window,
// plus a margin.
func contentCrop(img image.Image, r image.Rectangle, margin int) image.Image {
	box := image.Rectangle{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := rgbaAt(img, x, y); c.R|c.G|c.B != 0 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return crop(img, box.Inset(-margin).Intersect(r))
}

func crop(img image.Image, r image.Rectangle) image.Image {
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := range r.Dy() {
		for x := range r.Dx() {
			out.Set(x, y, img.At(r.Min.X+x, r.Min.Y+y))
		}
	}
	return out
}

// sideBySide puts b to the right of a (both at the origin).
func sideBySide(a, b image.Image) image.Image {
	w, h := a.Bounds().Dx()+b.Bounds().Dx(), max(a.Bounds().Dy(), b.Bounds().Dy())
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if x < a.Bounds().Dx() {
				out.Set(x, y, a.At(x, y))
			} else {
				out.Set(x, y, b.At(x-a.Bounds().Dx(), y))
			}
		}
	}
	return out
}

// panelBackground gives the running panel a solid background colour
// through xfconf (the panel follows the setting live).
func panelBackground(t *testing.T, d *desktop, r, g, b float64) {
	t.Helper()
	for _, args := range [][]string{
		{"-p", "/panels/panel-1/background-style", "-n", "-t", "uint", "-s", "1"},
		{"-p", "/panels/panel-1/background-rgba", "-n",
			"-t", "double", "-s", ftoa(r), "-t", "double", "-s", ftoa(g), "-t", "double", "-s", ftoa(b), "-t", "double", "-s", "1"},
	} {
		cmd := exec.Command("xfconf-query", append([]string{"-c", "xfce4-panel"}, args...)...)
		cmd.Env = d.env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("xfconf-query %v: %v %s", args, err, out)
		}
	}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

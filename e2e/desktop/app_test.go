package desktope2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/tray"
)

// app is one running authtray.
type app struct {
	*proc
	item *item
}

// startApp runs authtray (no arguments: the tray) on the desktop with the
// fixture's HOME and the extra environment.
func (d *desktop) startApp(t testing.TB, f *fixture, extra ...string) *app {
	t.Helper()
	env := append(append(append([]string(nil), d.env...), f.env()...), "AUTHTRAY_DEBUG=1")
	env = append(env, extra...)
	p := d.start(t, "authtray", []string{authtray}, env)
	return &app{proc: p, item: d.item(p.cmd.Process.Pid)}
}

// waitMenu polls GetLayout until the menu is whole (its last item, Quit, is
// there: the tray rebuilds it item by item, and two reads agree) and want
// holds, and returns the menu and how long that took.
func (a *app) waitMenu(t testing.TB, d *desktop, limit time.Duration, want func([]string) bool) ([]entry, time.Duration) {
	t.Helper()
	var menu []entry
	var last string
	took := d.waitFor(t, "the menu", limit, func() bool {
		if a.exited() {
			t.Fatalf("authtray exited: %v\n%s", a.err, a.log.String())
		}
		m, err := a.item.layout()
		if err != nil {
			return false
		}
		// fyne systray answers the first GetLayout after each rebuild
		// without grandchildren (a libdbusmenu-gtk workaround), so a menu
		// counts once two reads in a row agree.
		ls := labels(m)
		text := strings.Join(ls, "\n")
		stable := text == last
		last, menu = text, m
		return stable && len(ls) > 0 && ls[len(ls)-1] == "Quit" && want(ls)
	})
	return menu, took
}

// has returns a matcher for "every needle is in some label".
func has(needles ...string) func([]string) bool {
	return func(ls []string) bool {
		for _, n := range needles {
			if !contains(ls, n) {
				return false
			}
		}
		return true
	}
}

func contains(ls []string, needle string) bool {
	for _, l := range ls {
		if strings.Contains(l, needle) {
			return true
		}
	}
	return false
}

// screenshot grabs the whole Xvfb screen.
func (d *desktop) screenshot(t testing.TB) image.Image {
	t.Helper()
	cmd := exec.Command("import", "-window", "root", "png:-")
	cmd.Env = d.env
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("import -window root: %v: %s", err, stderr.String())
	}
	img, err := png.Decode(&out)
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// colourIn counts the pixels of r close to c (the panel scales the icon, so
// edges blend; its interior keeps the pure colour) and returns their
// centre.
func colourIn(img image.Image, r image.Rectangle, c color.RGBA) (n int, centre image.Point) {
	r = r.Intersect(img.Bounds())
	var sx, sy int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(uint8(pr>>8), c.R) && near(uint8(pg>>8), c.G) && near(uint8(pb>>8), c.B) {
				n++
				sx, sy = sx+x, sy+y
			}
		}
	}
	if n > 0 {
		centre = image.Pt(sx/n, sy/n)
	}
	return n, centre
}

func near(a, b uint8) bool { return a-b < 6 || b-a < 6 }

// findIcon looks in r of a screenshot for the tray glyph of state s as
// authtray sends it (tray.PanelRender at tray.TraySize) composited on the
// panel's background, pixel for pixel within a small tolerance: the panel
// draws a pixmap no larger than its icon size unscaled, so the glyph, its
// badge and its outline must be on screen exactly. It returns the glyph's
// top left corner and the number of pixels that differ by more than the
// tolerance at the best place.
func findIcon(img image.Image, r image.Rectangle, s profile.State) (at image.Point, off int) {
	icon := tray.PanelRender(s, tray.TraySize)
	probe := tray.Probe(tray.TraySize)
	want := tray.Colour(s)
	n := tray.TraySize
	best := n * n
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y+n <= r.Max.Y; y++ {
		for x := r.Min.X; x+n <= r.Max.X; x++ {
			if c := rgbaAt(img, x+probe.X, y+probe.Y); !near(c.R, want.R) || !near(c.G, want.G) || !near(c.B, want.B) {
				continue
			}
			bg := rgbaAt(img, x, y) // a corner: the glyph is clear there
			if d := mismatch(img, icon, image.Pt(x, y), bg); d < best {
				best, at = d, image.Pt(x, y)
			}
		}
	}
	return at, best
}

// mismatch counts the pixels of the glyph at p that differ from icon over bg
// by more than 12 in some channel (the panel's compositing rounds).
func mismatch(img image.Image, icon *image.NRGBA, p image.Point, bg color.RGBA) int {
	off := 0
	for y := range icon.Rect.Dy() {
		for x := range icon.Rect.Dx() {
			c := icon.NRGBAAt(x, y)
			a := int(c.A)
			mix := func(f, b uint8) int { return (int(f)*a + int(b)*(255-a) + 127) / 255 }
			got := rgbaAt(img, p.X+x, p.Y+y)
			if abs(mix(c.R, bg.R)-int(got.R)) > 12 || abs(mix(c.G, bg.G)-int(got.G)) > 12 || abs(mix(c.B, bg.B)-int(got.B)) > 12 {
				off++
			}
		}
	}
	return off
}

func rgbaAt(img image.Image, x, y int) color.RGBA {
	r, g, b, _ := img.At(x, y).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xFF}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func hex(c color.RGBA) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

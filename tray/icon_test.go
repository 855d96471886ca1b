package tray

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/authtray/authtray/core/profile"
)

// The sizes panels and notification servers ask for.
var testSizes = []int{16, 22, 24, 32, 48}

var allStates = []profile.State{
	profile.OK, profile.Unknown, profile.Expiring, profile.Expired,
	profile.Missing, profile.Error, profile.Unreachable,
}

func TestIconColours(t *testing.T) {
	tests := map[profile.State]color.NRGBA{
		profile.OK: Green, profile.Unknown: Green, profile.Expiring: Amber,
		profile.Expired: Red, profile.Missing: Red, profile.Error: Grey, profile.Unreachable: Grey,
	}
	for s, want := range tests {
		for _, size := range testSizes {
			for _, img := range []*image.NRGBA{Render(s, size), PanelRender(s, size)} {
				checkGlyph(t, s, size, img, want)
			}
		}
	}
}

func checkGlyph(t *testing.T, s profile.State, size int, img *image.NRGBA, want color.NRGBA) {
	t.Helper()
	if got := img.NRGBAAt(Probe(size).X, Probe(size).Y); got != want {
		t.Errorf("%s at %d px: probe %v is %v, want %v", s, size, Probe(size), got, want)
	}
	for _, c := range []image.Point{{0, 0}, {size - 1, 0}, {0, size - 1}} {
		if a := img.NRGBAAt(c.X, c.Y).A; a != 0 {
			t.Errorf("%s at %d px: corner %v has alpha %d", s, size, c, a)
		}
	}
	// The glyph covers a good part of the square: a shield, not a
	// speck.
	if n := countPixels(img, func(c color.NRGBA) bool { return c.A == 0xFF }); n < size*size/3 {
		t.Errorf("%s at %d px: %d opaque pixels, want ≥ %d", s, size, n, size*size/3)
	}
}

// TestTrayIconDominantColour: the e2e suite reads the state from the
// pixmap's most common opaque colour, and from the pure-colour pixels the
// panel draws; both are the fill.
func TestTrayIconDominantColour(t *testing.T) {
	for _, s := range allStates {
		img, err := png.Decode(bytes.NewReader(TrayIcon(s)))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != TraySize || b.Dy() != TraySize {
			t.Fatalf("%s: tray icon is %v, want %d px", s, b, TraySize)
		}
		counts := map[color.NRGBA]int{}
		for y := range TraySize {
			for x := range TraySize {
				if c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA); c.A == 0xFF {
					counts[c]++
				}
			}
		}
		var top color.NRGBA
		for c, n := range counts {
			if n > counts[top] {
				top = c
			}
		}
		if top != Colour(s) {
			t.Errorf("%s: most common opaque colour %v (%d px), want %v (%d px)", s, top, counts[top], Colour(s), counts[Colour(s)])
		}
	}
}

// badgeMask is which pixels of the badge's square are light (the badge's
// white disc): the mark is what is not, so the mask is the badge's shape,
// whatever the colour.
func badgeMask(img *image.NRGBA, size int) string {
	k := float64(size) / designSize
	r := image.Rect(int((badgeX-badgeR)*k), int((badgeY-badgeR)*k), int(math.Ceil((badgeX+badgeR)*k)), int(math.Ceil((badgeY+badgeR)*k)))
	var b []byte
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.NRGBAAt(x, y)
			if c.A > 0x80 && luminance(c) > 0.6 {
				b = append(b, '#')
			} else {
				b = append(b, '.')
			}
		}
		b = append(b, '\n')
	}
	return string(b)
}

// TestBadgeCarriesState: without colour, the badge tells the states apart
// at every size: the same for states that share a meaning, different
// otherwise, by at least a few pixels even at 16 px.
func TestBadgeCarriesState(t *testing.T) {
	groups := [][]profile.State{
		{profile.OK, profile.Unknown},
		{profile.Expiring},
		{profile.Expired, profile.Missing},
		{profile.Error, profile.Unreachable},
	}
	for _, size := range testSizes {
		for _, r := range []func(profile.State, int) *image.NRGBA{Render, PanelRender} {
			checkBadges(t, groups, size, r)
		}
	}
}

func checkBadges(t *testing.T, groups [][]profile.State, size int, render func(profile.State, int) *image.NRGBA) {
	t.Helper()
	masks := make([]string, len(groups))
	for i, g := range groups {
		masks[i] = badgeMask(render(g[0], size), size)
		for _, s := range g[1:] {
			if m := badgeMask(render(s, size), size); m != masks[i] {
				t.Errorf("%d px: %s and %s have different badges", size, g[0], s)
			}
		}
	}
	for i := range masks {
		for j := i + 1; j < len(masks); j++ {
			if d := differ(masks[i], masks[j]); d < size/4 {
				t.Errorf("%d px: badges of %s and %s differ in %d pixels, want ≥ %d:\n%s\n%s", size, groups[i][0], groups[j][0], d, size/4, masks[i], masks[j])
			}
		}
	}
}

// TestOutlineContrast: at 22 px, on a white and on a near-black panel, every
// point of the glyph's silhouette (each clear pixel beside a covered one)
// has, within 3 px, a pixel with a luminance contrast ratio of at least 3:1
// against the panel (WCAG's threshold for graphics): the edge reads on both.
// The halo and the outline are 1.25 px each, so the fill cannot pass for
// them.
func TestOutlineContrast(t *testing.T) {
	panels := map[string]color.NRGBA{"white": {0xFF, 0xFF, 0xFF, 0xFF}, "near-black": {0x1E, 0x1E, 0x1E, 0xFF}}
	for _, s := range allStates {
		for name, bg := range panels {
			checkEdge(t, fmt.Sprintf("%s on %s", s, name), Render(s, TraySize), bg)
			checkEdge(t, fmt.Sprintf("%s on %s (panel render)", s, name), PanelRender(s, TraySize), bg)
		}
	}
}

func checkEdge(t *testing.T, name string, img *image.NRGBA, bg color.NRGBA) {
	t.Helper()
	worst, at := math.Inf(1), image.Point{}
	for _, p := range silhouette(img) {
		if c := nearContrast(img, bg, p, 3); c < worst {
			worst, at = c, p
		}
	}
	if worst < 3 {
		t.Errorf("%s: edge contrast %.2f:1 near %v, want ≥ 3:1", name, worst, at)
	}
}

// covered is a pixel with visible coverage.
func covered(img *image.NRGBA, x, y int) bool {
	return image.Pt(x, y).In(img.Rect) && img.NRGBAAt(x, y).A >= 0x10
}

// silhouette is the clear pixels 4-adjacent to a covered one.
func silhouette(img *image.NRGBA) []image.Point {
	var out []image.Point
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			if !covered(img, x, y) && (covered(img, x-1, y) || covered(img, x+1, y) || covered(img, x, y-1) || covered(img, x, y+1)) {
				out = append(out, image.Pt(x, y))
			}
		}
	}
	return out
}

// nearContrast is the best contrast against bg of the pixels within d of p,
// each composited on bg.
func nearContrast(img *image.NRGBA, bg color.NRGBA, p image.Point, d int) float64 {
	best := 1.0
	for y := p.Y - d; y <= p.Y+d; y++ {
		for x := p.X - d; x <= p.X+d; x++ {
			if (x-p.X)*(x-p.X)+(y-p.Y)*(y-p.Y) > d*d || !image.Pt(x, y).In(img.Rect) {
				continue
			}
			best = math.Max(best, contrast(over(img.NRGBAAt(x, y), bg), bg))
		}
	}
	return best
}

func TestTemplateIcons(t *testing.T) {
	for _, size := range []int{TemplateSize, 16} { // @2x as sent, @1x as the menu bar halves it
		seen := map[string]profile.State{}
		for _, s := range []profile.State{profile.OK, profile.Expiring, profile.Expired, profile.Error} {
			img := RenderTemplate(s, size)
			key := badgeMask(invert(img), size)
			if prev, dup := seen[key]; dup {
				t.Errorf("%d px: %s and %s share a template badge", size, s, prev)
			}
			seen[key] = s
			opaque := 0
			for y := range size {
				for x := range size {
					c := img.NRGBAAt(x, y)
					if c.A != 0 && (c.R|c.G|c.B) != 0 {
						t.Fatalf("%s: pixel %d,%d is %v, want black or clear", s, x, y, c)
					}
					if c.A == 0xFF {
						opaque++
					}
				}
			}
			if opaque < size*size/4 {
				t.Errorf("%s at %d px: %d opaque pixels, want ≥ %d", s, size, opaque, size*size/4)
			}
		}
	}
	if b := TemplateIcon(profile.OK); len(b) == 0 {
		t.Fatal("empty template PNG")
	}
}

// invert shows a template's alpha as light on clear, so badgeMask reads
// its cut-outs as the mark.
func invert(img *image.NRGBA) *image.NRGBA {
	out := image.NewNRGBA(img.Bounds())
	for i := 0; i < len(img.Pix); i += 4 {
		out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = 0xFF, 0xFF, 0xFF, 0xFF-img.Pix[i+3]
	}
	return out
}

// TestPanelRenderIsOpaqueOrClear: the tray's pixmap has no translucent
// pixel (fyne systray garbles them, see PanelRender).
func TestPanelRenderIsOpaqueOrClear(t *testing.T) {
	for _, s := range allStates {
		img, err := png.Decode(bytes.NewReader(TrayIcon(s)))
		if err != nil {
			t.Fatal(err)
		}
		for y := range TraySize {
			for x := range TraySize {
				if _, _, _, a := img.At(x, y).RGBA(); a != 0 && a != 0xFFFF {
					t.Fatalf("%s: pixel %d,%d has alpha %d/65535", s, x, y, a)
				}
			}
		}
	}
}

func TestEncodedSizes(t *testing.T) {
	for name, c := range map[string]struct {
		b    []byte
		size int
	}{
		"tray": {TrayIcon(profile.Expired), TraySize}, "notification": {Icon(profile.Expired), NotificationSize},
		"template": {TemplateIcon(profile.Expired), TemplateSize},
	} {
		img, err := png.Decode(bytes.NewReader(c.b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := img.Bounds().Size(); got != image.Pt(c.size, c.size) {
			t.Errorf("%s icon is %v, want %d px", name, got, c.size)
		}
	}
}

func BenchmarkTrayIcon(b *testing.B) {
	for _, size := range []int{TraySize, NotificationSize} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			for range b.N {
				Render(profile.Error, size)
			}
		})
	}
}

func countPixels(img *image.NRGBA, f func(color.NRGBA) bool) int {
	n := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if f(img.NRGBAAt(x, y)) {
				n++
			}
		}
	}
	return n
}

func differ(a, b string) int {
	n := 0
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// over composites c on an opaque background.
func over(c, bg color.NRGBA) color.NRGBA {
	a := float64(c.A) / 255
	mix := func(f, b uint8) uint8 { return uint8(math.Round(float64(f)*a + float64(b)*(1-a))) }
	return color.NRGBA{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B), 0xFF}
}

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

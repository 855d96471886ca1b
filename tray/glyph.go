package tray

import (
	"image/color"
	"math"

	"github.com/authtray/authtray/core/profile"
)

// The glyph: a shield with a keyhole, in design units (pixels at 22 px).
// Its straight edges sit on pixel boundaries at 22 px so the panel's most
// common size is crisp. Layers from the outside in: a 1.25 px light halo (it
// separates the shield from a dark panel), a 1.25 px dark outline (from a
// light one), the state colour, the keyhole in the outline's colour. A badge in the lower right corner
// carries the state as a shape too, for whoever cannot tell the colours
// apart: none when fine, a clock when expiring, "!" when expired or missing,
// "?" when nothing can be confirmed.
var (
	// shield is the outline's outer edge: top at y=2, sides at x=3 and 19,
	// curving from y=10.5 to a blunt point, 2 px wide at y=20.5 (a sharp one
	// would be all anti-aliasing at 22 px). The polygon lies 0.6 inside and
	// is grown by 0.6, which rounds its corners.
	shield  = grow(polygon(shieldOutline(0.6)), 0.6)
	keyhole = union(
		circle(11, 8, 2.2),
		polygon([][2]float64{{10.1, 9}, {11.9, 9}, {12.6, 14}, {9.4, 14}}),
	)
)

// Badge geometry: a white disc with a dark rim, in the corner the shield's
// taper leaves free.
const (
	badgeX, badgeY = 16.5, 16.5
	badgeR         = 4.6 // the white disc
	badgeRim       = 1   // the dark rim around it
	markW          = 0.75
	lineW, haloW   = 1.25, 1.25 // outline and halo widths
)

// shieldOutline is the shield's polygon, inset by d.
func shieldOutline(d float64) [][2]float64 {
	left, right, topY, shoulder, tipY := 3+d, 19-d, 2+d, 10.5, 20.5-d
	pts := [][2]float64{{left, topY}, {right, topY}}
	// Quadratic curves from each shoulder down to the tip, their control
	// point below the shoulder: a full, round-bellied shield.
	const n = 16
	for i := range n + 1 {
		t := float64(i) / n
		pts = append(pts, bezier(t, [2]float64{right, shoulder}, [2]float64{right, 16.5}, [2]float64{12, tipY}))
	}
	for i := range n + 1 {
		t := float64(i) / n
		pts = append(pts, bezier(t, [2]float64{10, tipY}, [2]float64{left, 16.5}, [2]float64{left, shoulder}))
	}
	return pts
}

func bezier(t float64, a, c, b [2]float64) [2]float64 {
	u := 1 - t
	return [2]float64{
		u*u*a[0] + 2*u*t*c[0] + t*t*b[0],
		u*u*a[1] + 2*u*t*c[1] + t*t*b[1],
	}
}

// mark is the badge's symbol for a state; nil means no badge.
func mark(s profile.State) shape {
	cx, cy := badgeX, badgeY
	switch s {
	case profile.OK, profile.Unknown:
		return nil
	case profile.Expiring:
		// A clock face (the disc) with its hands at three o'clock.
		return union(
			capsule(cx, cy, cx, cy-3, markW),
			capsule(cx, cy, cx+2.4, cy, markW),
		)
	case profile.Expired, profile.Missing:
		// A gap of nearly a pixel at 22 px between bar and dot.
		return union(
			capsule(cx, cy-2.9, cx, cy-0.1, markW+0.05),
			circle(cx, cy+2.5, markW+0.15),
		)
	default:
		return union(
			arc(cx, cy-1.3, 1.55, math.Pi, math.Pi*2.35, markW),
			capsule(cx+1.55*math.Cos(math.Pi*2.35), cy-1.3+1.55*math.Sin(math.Pi*2.35), cx, cy+0.7, markW),
			circle(cx, cy+2.75, markW+0.1),
		)
	}
}

var (
	halo      = color.NRGBA{0xFF, 0xFF, 0xFF, 0xCC}
	solidHalo = color.NRGBA{0xF0, 0xF0, 0xF0, 0xFF} // near a light panel's own colour
	white     = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	black     = color.NRGBA{0, 0, 0, 0xFF}
	clear     = color.NRGBA{}
)

// dark is the outline colour for a fill: the same hue at 30 %, dark enough
// for 3:1 against a white panel even where the edge is anti-aliased.
func dark(c color.NRGBA) color.NRGBA {
	return color.NRGBA{uint8(int(c.R) * 3 / 10), uint8(int(c.G) * 3 / 10), uint8(int(c.B) * 3 / 10), 0xFF}
}

// colourLayers is the glyph in the state's colour; opaque gives it an
// opaque halo (for a hard render, where nothing is translucent).
func colourLayers(s profile.State, opaque bool) []layer {
	fill := Colour(s)
	halo := halo
	if opaque {
		halo = solidHalo
	}
	line := dark(fill)
	m := mark(s)
	disc := circle(badgeX, badgeY, badgeR)
	// The badge's halo lies under the shield: it shows only outside it.
	ls := []layer{{grow(shield, haloW), halo}}
	if m != nil {
		ls = append(ls, layer{grow(disc, badgeRim+haloW), halo})
	}
	ls = append(ls,
		layer{shield, line},
		layer{grow(shield, -lineW), fill},
		layer{keyhole, line},
	)
	if m != nil {
		ls = append(ls,
			layer{grow(disc, badgeRim), line},
			layer{disc, white},
			layer{m, line},
		)
	}
	return ls
}

// templateLayers is the glyph in black and alpha (a macOS template image):
// the keyhole is cut out, and the badge is a black disc with its mark cut
// out, set apart from the shield by a cut-out ring.
func templateLayers(s profile.State) []layer {
	ls := []layer{{shield, black}, {keyhole, clear}}
	if m := mark(s); m != nil {
		disc := circle(badgeX, badgeY, badgeR+badgeRim)
		ls = append(ls,
			layer{grow(disc, 1.2), clear},
			layer{disc, black},
			layer{m, clear},
		)
	}
	return ls
}
